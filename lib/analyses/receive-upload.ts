import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import Busboy from 'busboy';
import { checkDeclaredLength } from '@/lib/api/read-body';
import { getSettings } from '@/lib/env';
import { BadRequestError, InvalidInputError, PayloadTooLargeError } from '@/lib/errors';

// An archive upload (multipart: the file field "archive", optional "subdir" and
// "options") is streamed to DATA_DIR/uploads as it arrives, never held in memory, and
// stopped the moment it passes MAX_UPLOAD_MB: the file is removed and the rest of the
// body is not read. A Content-Length that is already too large is refused before any
// of the body is read.

/** Room for the form's other fields and its part headers, beside the archive itself. */
const FORM_OVERHEAD = 64 * 1024;
const FIELD_LIMIT = 4096;
const INCOMING = '.incoming-';
/** an upload not written to for this long was left by a process that stopped while receiving it */
const ABANDONED_MS = 60 * 60 * 1000;

export interface ReceivedArchive {
  /** where the archive was written: DATA_DIR/uploads/.incoming-…, until an analysis takes it */
  file: string;
  /** the name the client gave it */
  filename: string;
  bytes: number;
}

export interface ReceivedForm {
  archive?: ReceivedArchive;
  fields: Record<string, string>;
}

export function uploadTooLarge(maxBytes: number): PayloadTooLargeError {
  const mb = maxBytes / 1024 / 1024;
  return new PayloadTooLargeError(
    `The archive is larger than ${mb} MB, the most this server takes (MAX_UPLOAD_MB). Upload the service's folder only, or ask the operator to raise MAX_UPLOAD_MB.`,
  );
}

function startParser(request: Request, maxBytes: number): Busboy.Busboy {
  try {
    return Busboy({
      headers: { 'content-type': request.headers.get('content-type') ?? '' },
      limits: { fileSize: maxBytes, files: 1, fields: 8, fieldSize: FIELD_LIMIT, parts: 10, headerPairs: 20 },
    });
  } catch {
    throw new BadRequestError('The upload is not a multipart form (its boundary is missing). Send it as multipart/form-data.', 'invalid_form');
  }
}

/** Reads a submission form, writing its archive to disk under the MAX_UPLOAD_MB cap. */
export async function receiveForm(request: Request): Promise<ReceivedForm> {
  const maxBytes = getSettings().limits.maxUploadBytes;
  checkDeclaredLength(request, maxBytes + FORM_OVERHEAD, () => uploadTooLarge(maxBytes));
  if (!request.body) throw new InvalidInputError('Send the repository archive in the form field "archive".', 'missing_archive');
  const parser = startParser(request, maxBytes);
  const source = Readable.fromWeb(request.body as NodeWebStream<Uint8Array>);
  const uploads = path.join(getSettings().dataDir, 'uploads');
  mkdirSync(uploads, { recursive: true });

  return new Promise<ReceivedForm>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let archive: ReceivedArchive | undefined;
    let writing: Promise<void> = Promise.resolve();
    let settled = false;

    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      // stop reading (not destroy: the client must still get the answer); the
      // connection closes once the answer is sent
      source.unpipe(parser);
      source.pause();
      parser.destroy();
      writing.catch(() => {}).finally(() => archive && rmSync(archive.file, { force: true }));
      if (archive) rmSync(archive.file, { force: true });
      reject(error);
    };
    const invalidForm = () => fail(new BadRequestError('The upload could not be read as a multipart form.', 'invalid_form'));
    const tooManyParts = () =>
      fail(new BadRequestError('The form has more parts than a submission has: send the file "archive", and optionally "subdir" and "options".', 'invalid_form'));

    parser.on('file', (name, stream, info) => {
      if (name !== 'archive' || archive || settled) {
        stream.resume();
        return;
      }
      const received: ReceivedArchive = { file: path.join(uploads, `${INCOMING}${randomBytes(12).toString('hex')}`), filename: info.filename ?? '', bytes: 0 };
      archive = received;
      stream.on('data', (chunk: Buffer) => (received.bytes += chunk.length));
      stream.on('limit', () => fail(uploadTooLarge(maxBytes)));
      writing = pipeline(stream, createWriteStream(received.file, { flags: 'wx' }));
      writing.catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error))));
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new InvalidInputError(`The form field "${name}" is longer than ${FIELD_LIMIT} characters.`));
      else fields[name] = value;
    });
    parser.on('partsLimit', tooManyParts);
    parser.on('filesLimit', tooManyParts);
    parser.on('fieldsLimit', tooManyParts);
    parser.on('error', invalidForm);
    parser.on('close', () => {
      writing.then(
        () => {
          if (settled) return;
          settled = true;
          resolve({ archive, fields });
        },
        () => {},
      );
    });
    source.on('error', () => fail(new BadRequestError('The upload stopped before it was complete.', 'upload_incomplete')));
    source.pipe(parser);
  });
}

/** Removes uploads a stopped process was still receiving (not written to for an hour); called at start. */
export function removeAbandonedUploads(now = Date.now()): void {
  const uploads = path.join(getSettings().dataDir, 'uploads');
  if (!existsSync(uploads)) return;
  for (const name of readdirSync(uploads)) {
    const file = path.join(uploads, name);
    if (name.startsWith(INCOMING) && now - statSync(file).mtimeMs > ABANDONED_MS) rmSync(file, { force: true });
  }
}
