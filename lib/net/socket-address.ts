import { randomBytes, timingSafeEqual } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { withLiteralPercents } from '@/lib/net/request-target';

// A route handler sees headers, never the socket. Next.js's own server does set
// X-Forwarded-For from the socket, but only when the client sent none (`??=` in
// base-server.js): a client's own header reaches the handler unchanged, and the real
// address is lost. So the server process stamps every request with the socket's
// address as it arrives (Node's `http.server.request.start` channel runs before Next
// sees the request), together with a random proof made at start: a header a client
// sends itself never carries the proof, and is not believed.

const HEADER = 'x-shipshape-socket';
const state = globalThis as unknown as { shipshapeSocketProof?: string; shipshapeSocketChannel?: diagnostics.Channel };

/**
 * Called once when the web server starts (instrumentation.ts), before it answers
 * requests: stamps each request with its socket's address, and makes a path that does
 * not percent-decode literal (lib/net/request-target.ts).
 */
export function watchRequests(): void {
  if (state.shipshapeSocketProof) return;
  const proof = randomBytes(24).toString('base64url');
  const channel = diagnostics.channel('http.server.request.start');
  channel.subscribe((message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[HEADER] = `${proof} ${socket.remoteAddress ?? ''}`;
    if (request.url) request.url = withLiteralPercents(request.url);
  });
  // the channel is kept referenced: a collected channel would drop its subscriber
  state.shipshapeSocketChannel = channel;
  state.shipshapeSocketProof = proof;
}

/**
 * The address of the socket the request came in on, as the server saw it; undefined
 * when it is not known (a request that did not come through the web server, e.g. a
 * route handler called in a test, or one that arrived while the server was starting).
 */
export function socketAddressOf(headers: Headers): string | undefined {
  const proof = state.shipshapeSocketProof;
  const value = headers.get(HEADER);
  if (!proof || !value) return undefined;
  const space = value.indexOf(' ');
  const given = Buffer.from(value.slice(0, Math.max(space, 0)));
  if (given.length !== proof.length || !timingSafeEqual(given, Buffer.from(proof))) return undefined;
  return value.slice(space + 1) || undefined;
}
