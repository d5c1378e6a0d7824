import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEBIAN, repositoryBuilds } from '../helpers/repository-builds';
import { useReadySettings } from '../helpers/test-settings';

// What a hostile repository sends that Shipshape judges itself, the same on every engine
// (run on the main one): ADD of a remote source (fetched by Shipshape, never the engine),
// who may compare images on the engine, and the cap on an image's file index.

const { load } = repositoryBuilds();

/** An HTTP server on loopback that records who asked for what. */
async function loopbackServer(answer: (request: IncomingMessage) => { status: number; body?: string; location?: string }) {
  const requests: { url: string; agent: string }[] = [];
  const server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', agent: request.headers['user-agent'] ?? '' });
    const reply = answer(request);
    response.writeHead(reply.status, reply.location ? { Location: reply.location } : {});
    response.end(reply.body ?? '');
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, requests, close: () => server.close() };
}

describe('ADD of a remote source', () => {
  it('a private URL is refused before the engine fetches anything; the secret reaches no log', async () => {
    const server = await loopbackServer(() => ({ status: 200, body: 'metadata-secret-token' }));
    try {
      const { analyse } = await load();
      const { analysis, variant } = await analyse(`FROM ${DEBIAN}\nADD http://127.0.0.1:${server.port}/latest/meta-data /secret\nRUN cat /secret\n`);
      expect(analysis.status).toBe('failed');
      expect(variant.error).toMatch(/ADD http:\/\/127\.0\.0\.1:\d+\/latest\/meta-data \(line 2\) points to 127\.0\.0\.1, a private address \(loopback\)\. .*SOURCE_HOST_ALLOWLIST/);
      expect(variant.log).not.toContain('metadata-secret-token');
      expect(server.requests).toEqual([]);
    } finally {
      server.close();
    }
  }, 120_000);

  it('an allowlisted URL is fetched by Shipshape (checked, pinned, capped), never by the engine, and lands as ADD would put it', async () => {
    const server = await loopbackServer((request) => (request.url === '/moved' ? { status: 302, location: '/file.txt' } : { status: 200, body: 'fetched-content\n' }));
    try {
      const { analyse } = await load({ SOURCE_HOST_ALLOWLIST: '127.0.0.1' });
      const { analysis, variant } = await analyse(`FROM ${DEBIAN}\nADD http://127.0.0.1:${server.port}/moved /srv/\nRUN cat /srv/moved && stat -c '%a' /srv/moved\n`);
      expect(analysis.error).toBeNull();
      expect(variant.status).toBe('succeeded');
      expect(variant.log).toContain('fetched-content');
      expect(variant.log).toMatch(/^600$/m);
      expect(server.requests.map((r) => r.url)).toEqual(['/moved', '/file.txt']);
      for (const request of server.requests) expect(request.agent).toMatch(/^shipshape/);
      // a redirect to an address the allowlist does not cover is refused
      const bounce = await loopbackServer(() => ({ status: 302, location: `http://127.0.0.2:${server.port}/file.txt` }));
      try {
        const refused = await analyse(`FROM ${DEBIAN}\nADD http://127.0.0.1:${bounce.port}/x /x\n`);
        expect(refused.variant.error).toMatch(/points to 127\.0\.0\.2, a private address/);
      } finally {
        bounce.close();
      }
    } finally {
      server.close();
    }
  }, 180_000);

  it('ADD of a git repository is refused with what to do instead; a source over MAX_REPO_MB is not fetched whole', async () => {
    const { analyse } = await load({ SOURCE_HOST_ALLOWLIST: '127.0.0.1', MAX_REPO_MB: '1' });
    const git = await analyse(`FROM ${DEBIAN}\nADD git@github.com:someone/private.git /src\n`);
    expect(git.variant.error).toMatch(/asks the engine to fetch a git repository, which builds here may not do/);
    const server = await loopbackServer(() => ({ status: 200, body: 'x'.repeat(2 * 1024 * 1024) }));
    try {
      const big = await analyse(`FROM ${DEBIAN}\nADD http://127.0.0.1:${server.port}/big /big\n`);
      expect(big.variant.error).toMatch(/is larger than 1 MB \(MAX_REPO_MB\)/);
    } finally {
      server.close();
    }
  }, 120_000);
});

describe('images on the engine', () => {
  it('/api/compare reads images on the engine for admins only', async () => {
    await useReadySettings({ SINGLE_USER: '0' });
    const { createUser } = await import('@/lib/auth/users');
    const { createApiToken } = await import('@/lib/auth/api-tokens');
    const route = await import('@/app/api/compare/route');
    const tokenFor = async (role: 'admin' | 'member' | 'viewer') => {
      const user = await createUser({ email: `${role}-${Date.now()}@example.com`, password: 'a long enough password' }, { role });
      return (await createApiToken(user.id, 'test')).token;
    };
    const ask = async (token: string) =>
      route.GET(
        new Request(`http://shipshape.test/api/compare?a=${encodeURIComponent(DEBIAN)}&b=${encodeURIComponent(DEBIAN)}`, { headers: { Authorization: `Bearer ${token}` } }),
        undefined,
      );
    const member = await ask(await tokenFor('member'));
    expect(member.status).toBe(403);
    expect((await member.json()).error.message).toMatch(/only admins may compare other images on the engine/);
    expect((await ask(await tokenFor('admin'))).status).toBe(200);
  }, 60_000);
});

describe('images of many files', () => {
  it('keep at most MAX_IMAGE_FILES files in the index; the rest are summed per folder, and the file tree still adds up', async () => {
    const { analyse } = await load({ MAX_IMAGE_FILES: '1000' });
    const { analysis, variant } = await analyse(`FROM ${DEBIAN}\nRUN mkdir /many && cd /many && seq 1 3000 | xargs touch && head -c 200000 /dev/zero > /many/0-big\n`);
    expect(analysis.status).toBe('succeeded');
    const { getDb } = await import('@/lib/db');
    const { decodeFileIndex } = await import('@/lib/image-files/file-index');
    const stored = await getDb().variant.findUniqueOrThrow({ where: { id: variant.id }, select: { fileIndex: true } });
    const rows = decodeFileIndex(stored.fileIndex!);
    expect(rows.length).toBeLessThanOrEqual(1000);
    expect(rows.length).toBeGreaterThan(900);
    expect(rows.filter((row) => row.type === 'other' && row.path.includes('smaller file')).length).toBeGreaterThan(0);
    const route = await import('@/app/api/analyses/[id]/variants/[kind]/files/route');
    const response = await route.GET(new Request(`http://x/api/analyses/${analysis.id}/variants/repository/files?path=/many`), {
      params: Promise.resolve({ id: analysis.id, kind: 'repository' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { entries: { name: string }[] };
    expect(body.entries.some((e) => e.name === '0-big')).toBe(true);
    expect(body.entries.some((e) => /smaller files$/.test(e.name))).toBe(true);
  }, 120_000);
});
