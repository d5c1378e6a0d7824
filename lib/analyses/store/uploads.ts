import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { getDb } from '@/lib/db';

// An uploaded archive waits in the database, in chunks, until its analysis ends: the
// worker that takes the job up may run on another machine, with a data folder of its
// own. Chunks keep any one row (and what is held in memory at once) small.

const CHUNK = 4 * 1024 * 1024;

/** Stores the archive (a file on this machine, or bytes) for analysis `id`. */
export async function storeUpload(id: string, source: { file: string } | { bytes: Uint8Array }): Promise<void> {
  const db = getDb();
  let index = 0;
  const put = (bytes: Uint8Array) => db.uploadChunk.create({ data: { analysisId: id, index: index++, bytes: Buffer.from(bytes) as unknown as Uint8Array<ArrayBuffer> } });
  if ('bytes' in source) {
    for (let at = 0; at < source.bytes.byteLength; at += CHUNK) await put(source.bytes.subarray(at, at + CHUNK));
    return;
  }
  for await (const chunk of createReadStream(source.file, { highWaterMark: CHUNK })) await put(chunk as Buffer);
}

/** Writes the stored archive of analysis `id` to `file` (on the worker's machine). */
export async function readUpload(id: string, file: string): Promise<void> {
  const db = getDb();
  mkdirSync(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  try {
    for (let index = 0; ; index++) {
      const chunk = await db.uploadChunk.findUnique({ where: { analysisId_index: { analysisId: id, index } } });
      if (!chunk) break;
      if (!out.write(Buffer.from(chunk.bytes))) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
}

/** Removes the stored archive of analysis `id` (its job ended). */
export async function removeStoredUpload(id: string): Promise<void> {
  await getDb().uploadChunk.deleteMany({ where: { analysisId: id } });
}

/** Copies the stored archive of analysis `from` for analysis `to` (an app of the same upload). */
export async function copyStoredUpload(from: string, to: string): Promise<void> {
  const db = getDb();
  for (let index = 0; ; index++) {
    const chunk = await db.uploadChunk.findUnique({ where: { analysisId_index: { analysisId: from, index } } });
    if (!chunk) return;
    await db.uploadChunk.create({ data: { analysisId: to, index, bytes: chunk.bytes } });
  }
}
