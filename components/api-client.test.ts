import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { callApi } from '@/components/api-client';

// The pages' API helper against a real HTTP server: the error contract is read, and a
// server that is gone or answers a proxy's page still gives a message a person can act on.

const server = createServer((request, response) => {
  if (request.url === '/ok') {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () =>
      response.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ echoed: JSON.parse(body || 'null'), type: request.headers['content-type'] })),
    );
    return;
  }
  if (request.url === '/contract') {
    response
      .writeHead(422, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ error: { code: 'invalid_input', message: 'source.url: must be http(s)', fields: { 'source.url': ['must be http(s)'] } } }));
    return;
  }
  response.writeHead(502, 'Bad Gateway', { 'Content-Type': 'text/html' }).end('<html>proxy error</html>');
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => server.close());

describe('callApi', () => {
  it('sends JSON and reads the answer', async () => {
    expect(await callApi(`${base}/ok`, { method: 'POST', json: { a: 1 } })).toEqual({ ok: true, status: 201, data: { echoed: { a: 1 }, type: 'application/json' } });
  });

  it('reads the error contract: code, message and fields', async () => {
    expect(await callApi(`${base}/contract`)).toEqual({
      ok: false,
      status: 422,
      code: 'invalid_input',
      message: 'source.url: must be http(s)',
      fields: { 'source.url': ['must be http(s)'] },
    });
  });

  it('words an answer that is not the contract (a proxy page) and a server that cannot be reached', async () => {
    expect(await callApi(`${base}/elsewhere`)).toMatchObject({
      ok: false,
      status: 502,
      code: 'http_error',
      message: 'The server answered 502 Bad Gateway. Try again in a moment.',
    });
    expect(await callApi('http://127.0.0.1:1/nothing')).toMatchObject({ ok: false, status: 0, code: 'unreachable', message: expect.stringMatching(/could not be reached/) });
  });
});
