import { JSON_BODY_LIMIT } from '@/lib/api/body-limit';
import { PayloadTooLargeError } from '@/lib/errors';

// Request bodies are capped before they are read: a Content-Length over the cap is
// refused before a byte of the body is taken, and a body without one (chunked) is
// counted as it arrives and refused the moment it passes the cap. What was read up
// to then is dropped; the rest is never read (the connection closes after the answer).

export { JSON_BODY_LIMIT };

const jsonTooLarge = () => new PayloadTooLargeError(`The request body is larger than ${JSON_BODY_LIMIT / 1024} kB, the most any JSON request may send. Send a smaller body.`);

/** Refuses at once a body whose declared length is over `limit`. */
export function checkDeclaredLength(request: Request, limit: number, tooLarge: () => Error): void {
  const declared = Number(request.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
}

/**
 * Stops reading a body that is being refused. The rest is left unread, not cancelled:
 * cancelling destroys the socket, and the client might not get the answer; left alone,
 * the server closes the connection once the answer is sent.
 */
export function stopReading(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  reader.releaseLock();
}

/** The whole body as bytes, at most `limit` of them; `tooLarge` past that. */
export async function readCapped(request: Request, limit: number, tooLarge: () => Error = jsonTooLarge): Promise<Buffer> {
  checkDeclaredLength(request, limit, tooLarge);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      stopReading(reader);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The body as text, capped at JSON_BODY_LIMIT. */
export async function readCappedText(request: Request): Promise<string> {
  return (await readCapped(request, JSON_BODY_LIMIT)).toString('utf8');
}
