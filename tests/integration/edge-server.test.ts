import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnServer } from '../../e2e/helpers/own-server';
import { rawRequest } from '../helpers/raw-http';

// Attacks from the security review, sent to a production server of its own (next start,
// accounts on, no builds) over loopback from two source addresses, 127.0.0.1 and
// 127.0.0.2. Each is refused, and nothing is lost: memory stays flat, no file is left,
// other users are served.

const PORT = 3461;
const server = new OwnServer(PORT, { SINGLE_USER: '0', RUN_WORKER: '0', MAX_UPLOAD_MB: '5', SIGN_IN_PER_MINUTE: '10', SUBMISSIONS_PER_HOUR: '1000' });
const BASE = `http://127.0.0.1:${PORT}`;
const tokens = { admin: '', member: '' };
let analysisId = '';

function admin(...args: string[]): string {
  return execFileSync('npm', ['run', '--silent', 'admin', '--', ...args], { env: { ...process.env, DATA_DIR: server.dataDir }, encoding: 'utf8' }).trim();
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const json = (token: string) => ({ ...bearer(token), 'Content-Type': 'application/json' });

beforeAll(async () => {
  await server.start();
  admin('create-user', '--email', 'ada@example.com', '--password', 'correct horse battery', '--role', 'admin');
  admin('create-user', '--email', 'bob@example.com', '--password', 'bob the member 1', '--role', 'member');
  tokens.admin = admin('create-token', '--email', 'ada@example.com');
  tokens.member = admin('create-token', '--email', 'bob@example.com');
  const submitted = await rawRequest({ port: PORT, method: 'POST', path: '/api/analyses', headers: json(tokens.member), body: JSON.stringify({ source: { type: 'sample', name: 'go' } }) });
  expect(submitted.status, submitted.text).toBe(202);
  analysisId = (JSON.parse(submitted.text) as { id: string }).id;
}, 120_000);
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
      rawRequest({ port: PORT, method: 'POST', path: '/api/auth/sign-in/email', from, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'ada@example.com', password: 'correct horse battery' }) });
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
