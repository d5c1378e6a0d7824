import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { PassThrough, type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tarStream from 'tar-stream';
import { getDocker } from '@/lib/docker/client';
import { UserFacingError } from '@/lib/errors';

// An uploaded `docker save` file (or OCI layout) is loaded into the engine under a name
// of Shipshape's own. The names written in the archive are replaced on the way in: an
// archive that says it is `node:22` must never replace the engine's node:22 (a shared
// engine's builds would read it). Nothing of the archive touches this server's disk
// beyond the upload itself; the engine unpacks it.

export class ImageArchiveError extends UserFacingError {}

/** The names an archive may give its images, replaced with ours. */
const MANIFEST = 'manifest.json';
const INDEX = 'index.json';
const METADATA_MAX = 1024 * 1024;

const HOW = 'Upload the output of `docker save team/api:1.4 -o api.tar` (or gzip it), holding one image.';

interface SaveManifestEntry {
  Config?: string;
  RepoTags?: string[] | null;
  Layers?: string[];
}

interface OciIndex {
  manifests?: { annotations?: Record<string, string> }[];
}

function rewriteManifest(text: string, name: string): string {
  let entries: SaveManifestEntry[];
  try {
    entries = JSON.parse(text) as SaveManifestEntry[];
  } catch {
    throw new ImageArchiveError(`The archive's manifest.json is not JSON. ${HOW}`);
  }
  if (!Array.isArray(entries) || entries.length === 0) throw new ImageArchiveError(`The archive's manifest.json names no image. ${HOW}`);
  if (entries.length > 1) throw new ImageArchiveError(`The archive holds ${entries.length} images; Shipshape analyses one at a time. ${HOW}`);
  return JSON.stringify([{ ...entries[0], RepoTags: [name] }]);
}

function rewriteIndex(text: string, name: string): string {
  let index: OciIndex;
  try {
    index = JSON.parse(text) as OciIndex;
  } catch {
    throw new ImageArchiveError(`The archive's index.json is not JSON. ${HOW}`);
  }
  const manifests = index.manifests ?? [];
  if (manifests.length > 1) throw new ImageArchiveError(`The archive holds ${manifests.length} images; Shipshape analyses one at a time. ${HOW}`);
  const [repository, tag] = [name.slice(0, name.lastIndexOf(':')), name.slice(name.lastIndexOf(':') + 1)];
  for (const manifest of manifests) {
    manifest.annotations = { ...(manifest.annotations ?? {}), 'io.containerd.image.name': `docker.io/${repository}:${tag}`, 'org.opencontainers.image.ref.name': tag };
  }
  return JSON.stringify(index);
}

/** Whether the file starts with gzip's magic bytes. */
function isGzip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** Counts the bytes that pass, stopping past `max` (a gzip bomb stops here, not in the engine). */
function capped(max: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) callback(new ImageArchiveError(`${what} unpacks to more than ${Math.round(max / 1024 / 1024)} MB, the most this server loads (MAX_REPO_MB).`));
      else callback(null, chunk);
    },
  });
}

/** The archive as the engine gets it: names replaced, `repositories` (names again) dropped. */
function renamed(source: Readable, name: string): { tar: Readable; done: Promise<{ manifest: boolean; index: boolean }> } {
  const extract = tarStream.extract();
  const pack = tarStream.pack();
  const seen = { manifest: false, index: false };
  extract.on('entry', (header, entry, next) => {
    const path = header.name.replace(/^\.\//, '');
    if (path === 'repositories') {
      entry.on('end', () => next());
      entry.resume();
      return;
    }
    if (header.type === 'file' && (path === MANIFEST || path === INDEX)) {
      const chunks: Buffer[] = [];
      let size = 0;
      entry.on('data', (data: unknown) => {
        const chunk = data as Buffer;
        size += chunk.length;
        if (size <= METADATA_MAX) chunks.push(chunk);
      });
      entry.on('end', () => {
        try {
          if (size > METADATA_MAX) throw new ImageArchiveError(`The archive's ${path} is larger than an image's index can be. ${HOW}`);
          const text = Buffer.concat(chunks).toString('utf8');
          const body = path === MANIFEST ? rewriteManifest(text, name) : rewriteIndex(text, name);
          seen[path === MANIFEST ? 'manifest' : 'index'] = true;
          pack.entry({ ...header, size: Buffer.byteLength(body) }, body, next);
        } catch (error) {
          next(error as Error);
        }
      });
      return;
    }
    const out = pack.entry({ ...header }, (error) => next(error ?? undefined));
    entry.pipe(out);
  });
  const done = new Promise<{ manifest: boolean; index: boolean }>((resolve, reject) => {
    extract.on('finish', () => {
      pack.finalize();
      resolve(seen);
    });
    extract.on('error', (error) => {
      pack.destroy(error);
      reject(error);
    });
  });
  source.on('error', (error) => extract.destroy(error));
  source.pipe(extract);
  return { tar: pack as unknown as Readable, done };
}

interface LoadEvent {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Loads the image archive at `file` (tar or tar.gz) into the engine as `name`
 * (shipshape/<analysis>:image). Refuses an archive that is not one image.
 */
export async function loadImageArchive(file: string, name: string, options: { maxBytes: number; signal?: AbortSignal }): Promise<void> {
  const raw = createReadStream(file);
  const unpacked = new PassThrough();
  const cap = capped(options.maxBytes, 'The image archive');
  const reading = isGzip(file) ? pipeline(raw, createGunzip(), cap, unpacked, { signal: options.signal }) : pipeline(raw, cap, unpacked, { signal: options.signal });
  const { tar, done } = renamed(unpacked, name);
  const failures: unknown[] = [];
  reading.catch((error: unknown) => {
    failures.push(error);
    tar.destroy(error as Error);
  });
  done.catch((error: unknown) => failures.push(error));
  let answer: NodeJS.ReadableStream;
  try {
    answer = (await getDocker().loadImage(tar, { quiet: true })) as NodeJS.ReadableStream;
  } catch (error) {
    const first = failures.find((f) => f instanceof ImageArchiveError);
    if (first) throw first;
    throw new ImageArchiveError(`The engine could not load the archive: ${(error as Error).message}. ${HOW}`);
  }
  const events = await new Promise<LoadEvent[]>((resolve, reject) =>
    getDocker().modem.followProgress(answer, (error: Error | null, all: LoadEvent[]) => (error ? reject(error) : resolve(all))),
  );
  await reading.catch(() => undefined);
  const seen = await done.catch(() => ({ manifest: false, index: false }));
  const own = failures.find((f) => f instanceof ImageArchiveError);
  if (own) throw own;
  if (options.signal?.aborted) throw new Error('The analysis was canceled.');
  if (failures.length) throw new ImageArchiveError(`The archive could not be read: ${(failures[0] as Error).message}. ${HOW}`);
  if (!seen.manifest && !seen.index) throw new ImageArchiveError(`The archive is not an image: it has neither manifest.json (docker save) nor index.json (OCI layout). ${HOW}`);
  const failed = events.find((e) => e.error);
  if (failed) throw new ImageArchiveError(`The engine could not load the archive: ${failed.errorDetail?.message ?? failed.error}. ${HOW}`);
}
