import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFreshSettings } from '../helpers/test-settings';

// Accounts through the real route handlers and a real SQLite file: 401 without a
// token, 403 for a viewer, a revoked token refused at the very next request, tokens
// stored hashed, CSRF and rate limits. Users are made the way operators make them.

const dataDir = useFreshSettings({ SINGLE_USER: '0', SUBMISSIONS_PER_HOUR: '3', SIGN_IN_PER_MINUTE: '3' });
const analyses = await import('@/app/api/analyses/route');
const setup = await import('@/app/api/setup/route');
const tokens = await import('@/app/api/tokens/route');
const token = await import('@/app/api/tokens/[id]/route');
const invites = await import('@/app/api/invites/route');
const audit = await import('@/app/api/audit/route');
const authRoute = await import('@/app/api/auth/[...all]/route');

const BASE = 'http://shipshape.test';
const json = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
  new Request(`${BASE}${url}`, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

/** `npm run admin -- ...` against this test's data folder, as an operator runs it. */
function admin(...args: string[]): string {
  return execFileSync('npm', ['run', '--silent', 'admin', '--', ...args], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' }).trim();
}

describe('accounts', () => {
  let adminCookie = '';

  it('a fresh instance answers 401 to everything but setup, and the first person becomes admin once', async () => {
    const anonymous = await analyses.GET(json('GET', '/api/analyses'), undefined);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.message).toMatch(/Sign in first, or send an API token/);

    const first = await setup.POST(json('POST', '/api/setup', { email: 'Ada@Example.com', name: 'Ada', password: 'correct horse battery' }), undefined);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ email: 'ada@example.com', role: 'admin' });
    const second = await setup.POST(json('POST', '/api/setup', { email: 'eve@example.com', password: 'another password' }), undefined);
    expect(second.status).toBe(409);

    // better-auth signs her in; the session cookie opens the API
    const signIn = await authRoute.POST(json('POST', '/api/auth/sign-in/email', { email: 'ada@example.com', password: 'correct horse battery' }));
    expect(signIn.status).toBe(200);
    adminCookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect(adminCookie).toMatch(/better-auth\.session_token=/);
    expect((await analyses.GET(json('GET', '/api/analyses', undefined, { Cookie: adminCookie }), undefined)).status).toBe(200);
  });

  it('a wrong password is refused, and sign-in attempts are rate limited', async () => {
    const attempts = [];
    for (let i = 0; i < 4; i++)
      attempts.push(
        (await authRoute.POST(json('POST', '/api/auth/sign-in/email', { email: 'ada@example.com', password: `wrong password ${i}` }, { 'x-forwarded-for': `203.0.113.${i}` })))
          .status,
      );
    // one client, whatever X-Forwarded-For says: the sign-in of the first test counted too
    expect(attempts).toEqual([401, 401, 429, 429]);
  });

  it('operators make users and tokens headless; a viewer token reads but cannot submit (403)', async () => {
    expect(admin('create-user', '--email', 'vic@example.com', '--password', 'viewer password', '--role', 'viewer')).toBe('created vic@example.com (viewer)');
    const viewerToken = admin('create-token', '--email', 'vic@example.com', '--name', 'ci');
    expect(viewerToken).toMatch(/^ss_[A-Za-z0-9_-]{43}$/);
    expect((await analyses.GET(json('GET', '/api/analyses', undefined, bearer(viewerToken)), undefined)).status).toBe(200);
    const submit = await analyses.POST(json('POST', '/api/analyses', { source: { type: 'sample', name: 'go' } }, bearer(viewerToken)), undefined);
    expect(submit.status).toBe(403);
    expect((await submit.json()).error.message).toBe('Your role (viewer) cannot submit, cancel or share analyses (members and admins can).');
    expect((await invites.POST(json('POST', '/api/invites', { role: 'admin' }, bearer(viewerToken)), undefined)).status).toBe(403);
    expect((await analyses.GET(json('GET', '/api/analyses', undefined, bearer('ss_not-a-real-token')), undefined)).status).toBe(401);
    expect(() => admin('create-user', '--email', 'x@example.com', '--password', 'short', '--role', 'viewer')).toThrow();
  });

  it('a token is shown once, stored hashed, notes its last use, and is refused at once when revoked', async () => {
    const made = await tokens.POST(json('POST', '/api/tokens', { name: 'deploy' }, { Cookie: adminCookie }), undefined);
    expect(made.status).toBe(201);
    const { id, token: secret } = (await made.json()) as { id: string; token: string };
    // nowhere in the database: the SQLite file's bytes, or every row of PostgreSQL's token table
    const { getDb, databaseKind } = await import('@/lib/db');
    const stored =
      databaseKind() === 'sqlite'
        ? readFileSync(path.join(dataDir, 'shipshape.db')).toString('latin1') + readFileSync(path.join(dataDir, 'shipshape.db-wal')).toString('latin1')
        : JSON.stringify(await getDb().$queryRawUnsafe('SELECT row_to_json(t)::text AS row FROM "ApiToken" t'));
    expect(stored).toContain(id);
    expect(stored).not.toContain(secret);

    expect((await analyses.GET(json('GET', '/api/analyses', undefined, bearer(secret)), undefined)).status).toBe(200);
    const listed = (await (await tokens.GET(json('GET', '/api/tokens', undefined, { Cookie: adminCookie }), undefined)).json()) as {
      tokens: { id: string; lastUsedAt: string | null }[];
    };
    expect(listed.tokens.find((t) => t.id === id)?.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(secret);

    const revoked = await token.DELETE(json('DELETE', `/api/tokens/${id}`, undefined, bearer(secret)), { params: Promise.resolve({ id }) });
    expect(revoked.status).toBe(200);
    expect((await analyses.GET(json('GET', '/api/analyses', undefined, bearer(secret)), undefined)).status).toBe(401);
  });

  it('refuses state changes from another site (CSRF), and limits submissions per hour (refused ones not counted)', async () => {
    const crossSite = await tokens.POST(
      json('POST', '/api/tokens', { name: 'x' }, { Cookie: adminCookie, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }),
      undefined,
    );
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error.code).toBe('cross_site');

    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await analyses.POST(json('POST', '/api/analyses', { source: { type: 'git', url: 'ftp://example.com/r.git' } }, { Cookie: adminCookie }), undefined)).status);
    }
    // refused submissions do not count; queued ones do
    for (let i = 0; i < 4; i++) {
      statuses.push((await analyses.POST(json('POST', '/api/analyses', { source: { type: 'sample', name: 'go' } }, { Cookie: adminCookie }), undefined)).status);
    }
    expect(statuses).toEqual([422, 422, 422, 422, 202, 202, 202, 429]);
  });

  it('the audit list says who did what', async () => {
    const events = ((await (await audit.GET(json('GET', '/api/audit', undefined, { Cookie: adminCookie }), undefined)).json()) as { events: { actor: string; action: string }[] })
      .events;
    const said = events.map((e) => `${e.actor} ${e.action}`);
    expect(said).toEqual(
      expect.arrayContaining(['ada@example.com user.create', 'operator user.create', 'operator token.create', 'ada@example.com token.create', 'ada@example.com token.revoke']),
    );
  });
});
