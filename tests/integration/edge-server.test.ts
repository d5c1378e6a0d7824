import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnServer } from '../../e2e/helpers/own-server';
import { measureGrowth, rawRequest } from '../helpers/raw-http';
import { GO_SAMPLE_DIR, tarGzOf } from '../helpers/repos';

// Attacks from the security review, sent to a production server of its own (next start,
// accounts on, no builds) over loopback from two source addresses, 127.0.0.1 and
// 127.0.0.2. Each is refused, and nothing is lost: memory stays flat, no file is left,
// other users are served.

const PORT = 3461;
const server = new OwnServer(PORT, { SINGLE_USER: '0', RUN_WORKER: '0', MAX_UPLOAD_MB: '5', SIGN_IN_PER_MINUTE: '10', SUBMISSIONS_PER_HOUR: '1000' });
const BASE = `http://127.0.0.1:${PORT}`;
const MB = 1024 * 1024;
const tokens = { admin: '', member: '' };
let analysisId = '';

function admin(...args: string[]): string {
  return execFileSync('npm', ['run', '--silent', 'admin', '--', ...args], { env: { ...process.env, DATA_DIR: server.dataDir }, encoding: 'utf8' }).trim();
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const json = (token: string) => ({ ...bearer(token), 'Content-Type': 'application/json' });
const uploads = () => (existsSync(path.join(server.dataDir, 'uploads')) ? readdirSync(path.join(server.dataDir, 'uploads')) : []);

beforeAll(async () => {
  await server.start(); // builds the app first in a fresh clone
  admin('create-user', '--email', 'ada@example.com', '--password', 'correct horse battery', '--role', 'admin');
  admin('create-user', '--email', 'bob@example.com', '--password', 'bob the member 1', '--role', 'member');
  tokens.admin = admin('create-token', '--email', 'ada@example.com');
  tokens.member = admin('create-token', '--email', 'bob@example.com');
  const submitted = await rawRequest({
    port: PORT,
    method: 'POST',
    path: '/api/analyses',
    headers: json(tokens.member),
    body: JSON.stringify({ source: { type: 'sample', name: 'go' } }),
  });
  expect(submitted.status, submitted.text).toBe(202);
  analysisId = (JSON.parse(submitted.text) as { id: string }).id;
}, 900_000);
afterAll(() => server.dispose());

describe('the client address', () => {
  it('30 wrong passwords, each with another X-Forwarded-For, get 429 after SIGN_IN_PER_MINUTE; another address still signs in', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const answer = await rawRequest({
        port: PORT,
        method: 'POST',
        path: '/api/auth/sign-in/email',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `203.0.113.${i + 1}` },
        body: JSON.stringify({ email: 'ada@example.com', password: `wrong password ${i}` }),
      });
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(20).fill(429));

    // the right password from the same address waits too; from another address it works
    const signIn = (from: string) =>
      rawRequest({
        port: PORT,
        method: 'POST',
        path: '/api/auth/sign-in/email',
        from,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'ada@example.com', password: 'correct horse battery' }),
      });
    expect((await signIn('127.0.0.1')).status).toBe(429);
    const other = await signIn('127.0.0.2');
    expect(other.status, other.text).toBe(200);
    expect(String(other.headers['set-cookie'])).toMatch(/better-auth\.session_token=/);
  });

  it('a forged X-Forwarded-Host does not move invite, share or analysis links', async () => {
    const forged = { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' };
    const invite = await rawRequest({ port: PORT, method: 'POST', path: '/api/invites', headers: { ...json(tokens.admin), ...forged }, body: JSON.stringify({ role: 'viewer' }) });
    expect(invite.status, invite.text).toBe(201);
    expect((JSON.parse(invite.text) as { url: string }).url).toMatch(new RegExp(`^${BASE}/join/`));

    const share = await rawRequest({ port: PORT, method: 'POST', path: `/api/analyses/${analysisId}/share`, headers: { ...bearer(tokens.member), ...forged } });
    expect(share.status, share.text).toBe(201);
    expect((JSON.parse(share.text) as { url: string }).url).toMatch(new RegExp(`^${BASE}/s/`));
    const analysis = await rawRequest({ port: PORT, path: `/api/analyses/${analysisId}`, headers: { ...bearer(tokens.member), ...forged } });
    expect((JSON.parse(analysis.text) as { shareUrl: string }).shareUrl).toMatch(new RegExp(`^${BASE}/s/`));
    expect(`${invite.text}${share.text}${analysis.text}`).not.toContain('evil.example');
  });
});

describe('request bodies', () => {
  const boundary = 'shipshape-test-boundary';
  const multipart = {
    prefix: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="archive"; filename="huge.tar.gz"\r\nContent-Type: application/gzip\r\n\r\n`),
    suffix: Buffer.from(`\r\n--${boundary}--\r\n`),
  };

  for (const declared of [true, false]) {
    it(`a 150 MB upload with MAX_UPLOAD_MB=5 gets 413 (${declared ? 'with Content-Length' : 'chunked'}), memory stays flat, nothing stays on disk`, async () => {
      const bytes = 150 * MB;
      const length = multipart.prefix.length + bytes + multipart.suffix.length;
      const { result: answer, grew } = await measureGrowth(server.process!.pid!, () =>
        rawRequest({
          port: PORT,
          method: 'POST',
          path: '/api/analyses',
          headers: { ...bearer(tokens.member), 'Content-Type': `multipart/form-data; boundary=${boundary}`, ...(declared ? { 'Content-Length': length } : {}) },
          stream: { bytes, ...multipart, waitAfter: 8 * MB },
        }),
      );
      expect(answer.status, answer.text).toBe(413);
      expect(JSON.parse(answer.text)).toEqual({ error: { code: 'payload_too_large', message: expect.stringMatching(/larger than 5 MB.*MAX_UPLOAD_MB/) } });
      expect(answer.sentBeforeAnswer).toBeLessThan(declared ? 16 * MB : 32 * MB);
      expect(grew, `the server grew by ${grew.toFixed(0)} MB`).toBeLessThan(48);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the refused file is removed as the write stream closes
      expect(uploads()).toEqual([]);
    });
  }

  it('an endless chunked JSON body to /api/join/x and to better-auth gets 413 at 64 kB, memory stays flat', async () => {
    for (const target of ['/api/join/x', '/api/auth/sign-in/email', '/api/setup']) {
      const { result: answer, grew } = await measureGrowth(server.process!.pid!, () =>
        rawRequest({
          port: PORT,
          method: 'POST',
          path: target,
          headers: { 'Content-Type': 'application/json' },
          stream: { bytes: 300 * MB, prefix: Buffer.from('{"email":"'), waitAfter: MB },
        }),
      );
      expect(answer.status, `${target}: ${answer.text}`).toBe(413);
      expect(JSON.parse(answer.text)).toMatchObject({ error: { code: 'payload_too_large', message: expect.stringMatching(/larger than 64 kB/) } });
      expect(answer.sentBeforeAnswer).toBeLessThan(32 * MB);
      expect(grew, `${target}: the server grew by ${grew.toFixed(0)} MB`).toBeLessThan(48);
    }
  });

  it('a large body to a page is refused and not held in memory', async () => {
    // Next.js copies a body for proxy.ts (pages): at most 64 kB of it now, 10 MB before
    for (const declared of [true, false]) {
      const { result: answer, grew } = await measureGrowth(server.process!.pid!, () =>
        rawRequest({ port: PORT, method: 'POST', path: '/sign-in', headers: declared ? { 'Content-Length': 150 * MB } : {}, stream: { bytes: 150 * MB } }),
      );
      if (declared) expect(answer.status).toBe(413);
      else expect(answer.status).toBeLessThan(500);
      expect(grew, `the server grew by ${grew.toFixed(0)} MB`).toBeLessThan(48);
    }
  });

  it('a normal upload still works, and its archive waits in the database, byte for byte', async () => {
    const archive = readFileSync(await tarGzOf(GO_SAMPLE_DIR));
    const form = new FormData();
    form.set('archive', new Blob([archive]), 'go-hello.tar.gz');
    form.set('options', JSON.stringify({ warmRebuild: false }));
    const encoded = new Response(form);
    const answer = await rawRequest({
      port: PORT,
      method: 'POST',
      path: '/api/analyses',
      headers: { ...bearer(tokens.member), 'Content-Type': encoded.headers.get('content-type')! },
      body: Buffer.from(await encoded.arrayBuffer()),
    });
    expect(answer.status, answer.text).toBe(202);
    const { id } = JSON.parse(answer.text) as { id: string };
    expect(uploads()).toEqual([]); // the incoming file is gone once the chunks are stored
    const db = new Database(path.join(server.dataDir, 'shipshape.db'), { readonly: true });
    try {
      const chunks = db.prepare('SELECT bytes FROM UploadChunk WHERE analysisId = ? ORDER BY "index"').all(id) as { bytes: Buffer }[];
      expect(Buffer.concat(chunks.map((chunk) => chunk.bytes)).equals(archive)).toBe(true);
    } finally {
      db.close();
    }
    const stored = JSON.parse((await rawRequest({ port: PORT, path: `/api/analyses/${id}`, headers: bearer(tokens.member) })).text) as { options: unknown; source: unknown };
    expect(stored).toMatchObject({ options: { warmRebuild: false }, source: { type: 'archive', label: 'go-hello.tar.gz' } });
  });
});

describe('malformed addresses', () => {
  it('get 404 with a message, not 500', async () => {
    for (const target of [
      '/api/analyses/%zz',
      `/api/analyses/${analysisId}/variants/%25zz/files`,
      `/api/analyses/${analysisId}/variants/%zz/files`,
      `/api/analyses/${analysisId}/dockerfiles/%E0%A4%A`,
    ]) {
      const answer = await rawRequest({ port: PORT, path: target, headers: bearer(tokens.member) });
      expect(answer.status, `${target}: ${answer.text}`).toBe(404);
      expect(JSON.parse(answer.text)).toMatchObject({ error: { code: 'not_found', message: expect.any(String) } });
    }
    expect((await rawRequest({ port: PORT, method: 'DELETE', path: '/api/tokens/%zz', headers: bearer(tokens.member) })).status).toBe(404);
    expect((await rawRequest({ port: PORT, path: '/s/%zz' })).status).toBe(404);
    expect((await rawRequest({ port: PORT, path: `/api/analyses/${analysisId}/variants/x/files?layer=%zz&path=%zz`, headers: bearer(tokens.member) })).status).toBeLessThan(500);
  });
});

describe('live progress streams', () => {
  interface Stream {
    status: number;
    text: string;
    request: http.ClientRequest;
    response?: http.IncomingMessage;
  }

  /** Opens an event stream; resolves at its first bytes (or the whole answer when it is not a stream). */
  function openStream(token: string): Promise<Stream> {
    return new Promise((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port: PORT, path: `/api/analyses/${analysisId}/events`, headers: bearer(token), agent: false }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
          if (response.statusCode === 200) resolve({ status: 200, text, request, response });
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text, request }));
        response.on('error', () => {});
      });
      request.on('error', reject);
    });
  }

  it('one user’s 200 streams: 10 open, the rest get 429; other users are still served promptly; closed streams give their slots back', async () => {
    const flood = await Promise.all(Array.from({ length: 200 }, () => openStream(tokens.member)));
    const open = flood.filter((s) => s.status === 200);
    expect(open).toHaveLength(10);
    expect(flood.filter((s) => s.status === 429)).toHaveLength(190);
    const refused = flood.find((s) => s.status === 429)!;
    expect(JSON.parse(refused.text)).toMatchObject({ error: { code: 'too_many_streams', message: expect.stringMatching(/EVENT_STREAMS_PER_USER/) } });

    let started = Date.now();
    const other = await openStream(tokens.admin);
    expect(other.status).toBe(200);
    expect(other.text).toContain('event: state');
    expect(Date.now() - started).toBeLessThan(2000);
    started = Date.now();
    expect((await rawRequest({ port: PORT, path: '/api/analyses', headers: bearer(tokens.admin) })).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    other.request.destroy();

    for (const stream of open) stream.request.destroy();
    let again: Stream | undefined;
    for (let i = 0; i < 50 && again?.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      again = await openStream(tokens.member);
    }
    expect(again?.status).toBe(200);
    again!.request.destroy();
  }, 60_000);
});
