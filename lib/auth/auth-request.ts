import { JSON_BODY_LIMIT, readCapped } from '@/lib/api/read-body';
import { clientAddressOf } from '@/lib/net/client-address';

// What better-auth's own endpoints get: the body read here under the JSON cap (so a
// huge or endless body is refused before better-auth parses it), and the client's
// address in a header of ours, which better-auth's rate limit keys on. Whatever a
// client sends in that header itself is dropped.

export const CLIENT_ADDRESS_HEADER = 'x-shipshape-client-address';

export async function toAuthRequest(request: Request): Promise<Request> {
  const headers = new Headers(request.headers);
  headers.delete(CLIENT_ADDRESS_HEADER);
  const client = clientAddressOf(request.headers);
  if (client) headers.set(CLIENT_ADDRESS_HEADER, client);
  if (request.method === 'GET' || request.method === 'HEAD') return new Request(request.url, { method: request.method, headers, signal: request.signal });
  const body = await readCapped(request, JSON_BODY_LIMIT);
  headers.delete('content-length');
  headers.delete('transfer-encoding');
  return new Request(request.url, { method: request.method, headers, body: new Uint8Array(body), signal: request.signal });
}
