import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { allImageIds, imageExists } from '../helpers/docker-cli';
import { ENGINE } from '../helpers/engine';
import { DEBIAN, repositoryBuilds } from '../helpers/repository-builds';
import { useReadySettings } from '../helpers/test-settings';

// Repositories that attack the shared engine through their Dockerfile, each sent for
// real (loopback only) and refused, with nothing lost: a build log that names other
// images, ADD of a private URL, reads of other teams' images, and steps that try to
// take the engine's memory, processes or disk.

const { load, ownImage } = repositoryBuilds();
afterAll(async () => {
  // the limits stay on the engine's build cgroup: back to this instance's defaults
  await useReadySettings();
  const { applyBuildLimits } = await import('@/lib/docker/build-cgroup');
  const { getSettings } = await import('@/lib/env');
  const { limits } = getSettings();
  await applyBuildLimits({ memoryBytes: limits.buildMemoryBytes, cpus: limits.buildCpus, pids: limits.buildPids });
});

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

describe('a build log is never acted on', () => {
  it('a step that prints " ---> <id>" of another image leaves that image alone, and the build\'s own step images go', async () => {
    const victim = ownImage(`victim ${Date.now()}\n`);
    const short = victim.replace('sha256:', '').slice(0, 12);
    const before = new Set(allImageIds());
    const { analyse } = await load();
    const { analysis, variant } = await analyse(`FROM ${DEBIAN}\nRUN echo one > /one\nRUN printf ' ---> %s\\n' ${short} && exit 3\n`);
    expect(analysis.status).toBe('failed');
    expect(variant.log).toContain(` ---> ${short}`);
    expect(imageExists(victim)).toBe(true);
    // what the build committed (the step after FROM) is gone: found by its labels
    expect(allImageIds().filter((i) => !before.has(i))).toEqual([]);
  }, 180_000);
});

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

describe('images a build may read', () => {
  it('an image of another team on the engine is refused in FROM, COPY --from and RUN --mount, and allowed once the operator allows it', async () => {
    const tag = `shipshape-test/other-team-${Date.now()}:latest`;
    ownImage('other team secret\n', tag);
    const { analyse } = await load();
    for (const dockerfile of [
      `FROM ${tag}\n`,
      `FROM ${DEBIAN}\nCOPY --from=${tag} /secret.txt /stolen.txt\n`,
      `FROM ${DEBIAN}\nRUN --mount=type=bind,from=${tag},target=/other cat /other/secret.txt\n`,
    ]) {
      const { analysis, variant } = await analyse(dockerfile);
      expect(analysis.status).toBe('failed');
      expect(variant.error).toMatch(new RegExp(`reads the image ${tag.replace(/[.:/]/g, '\\$&')}, which this instance does not allow`));
      expect(variant.error).toMatch(/ALLOWED_BASE_IMAGES/);
      expect(variant.log).not.toContain('other team secret');
    }
    const allowed = await load({ ALLOWED_BASE_IMAGES: 'shipshape-test/other-team-*' });
    const ok = await allowed.analyse(`FROM ${DEBIAN}\nCOPY --from=${tag} /secret.txt /copied.txt\n`);
    expect(ok.variant.status).toBe('succeeded');
  }, 240_000);

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

describe('limits a repository cannot switch off', () => {
  it('the builder follows the instructions: --mount in a comment leaves the classic builder and its limits', async () => {
    const { analyse } = await load({ BUILD_MEMORY_MB: '64' });
    const { analysis, variant } = await analyse(`FROM ${DEBIAN}\n# RUN --mount=type=cache,target=/c (a comment)\nRUN head -c 400m /dev/zero | tail > /dev/null\n`);
    expect(
      analysis.variants.map((v) => v.kind),
      analysis.error ?? '',
    ).toEqual(['repository']);
    expect(variant.builder).toBe(ENGINE === 'podman' ? 'buildah' : 'classic');
    expect(variant.status).toBe('failed');
    expect(variant.error).toMatch(/BUILD_MEMORY_MB/);
  }, 120_000);

  it('BuildKit steps get the memory limit too', async () => {
    const { analyse } = await load({ BUILD_MEMORY_MB: '64' });
    const { variant } = await analyse(`FROM ${DEBIAN}\nRUN --mount=type=cache,target=/c head -c 400m /dev/zero | tail > /dev/null\n`);
    expect(variant.status).toBe('failed');
    expect(variant.error).toMatch(/BUILD_MEMORY_MB/);
    const roomy = await load();
    expect((await roomy.analyse(`FROM ${DEBIAN}\nRUN --mount=type=cache,target=/c head -c 400m /dev/zero | tail > /dev/null\n`)).variant.status).toBe('succeeded');
  }, 180_000);

  it('an out-of-memory kill that surfaces as exit 1 is told as one', async () => {
    const { analyse } = await load({ BUILD_MEMORY_MB: '64' });
    const { variant } = await analyse(`FROM ${DEBIAN}\nRUN --mount=type=cache,target=/c (head -c 400m /dev/zero | tail > /dev/null) || exit 1\n`);
    expect(variant.error).toMatch(/exit code 1\. .*(killed a process of this step for using more memory than builds may|ran into the memory limit of builds) \(BUILD_MEMORY_MB\)/);
  }, 120_000);

  for (const wanted of ['classic', 'buildkit'] as const) {
    it(`BUILD_PIDS: a ${wanted} step cannot start more processes than allowed`, async () => {
      const mount = wanted === 'buildkit' ? '--mount=type=cache,target=/c ' : '';
      const fork = `RUN ${mount}for i in $(seq 1 300); do sleep 6 & done; wait; echo all-started`;
      const { analyse } = await load({ BUILD_PIDS: '100' });
      // a step before: the limits hold for every step, not just the first
      const limited = await analyse(`FROM ${DEBIAN}\nRUN echo first-step\n${fork}\n`);
      expect(limited.variant.log).toMatch(/fork|Resource temporarily unavailable|retry/i);
      expect(limited.variant.log).not.toMatch(/^all-started/m);
      const roomy = await load({ BUILD_PIDS: '1000' });
      expect((await roomy.analyse(`FROM ${DEBIAN}\n${fork}\n`)).variant.log).toMatch(/all-started/);
    }, 180_000);
  }

  it('BUILD_DISK_MB: no step writes a file larger than allowed (with BuildKit where the engine passes it ulimits, and it says where not)', async () => {
    const { analyse } = await load({ BUILD_DISK_MB: '10' });
    const { engineCaveats, engineFacts } = await import('@/lib/docker/engine-facts');
    const facts = await engineFacts();
    const classic = await analyse(`FROM ${DEBIAN}\nRUN head -c 20m /dev/zero > /big\n`);
    expect(classic.variant.status).toBe('failed');
    expect(classic.variant.error).toMatch(/exit code 153\. .*BUILD_DISK_MB/);
    const buildkit = await analyse(`FROM ${DEBIAN}\nRUN --mount=type=cache,target=/c head -c 20m /dev/zero > /big\n`);
    if (facts.buildkitUlimits || ENGINE === 'podman') {
      expect(buildkit.variant.status).toBe('failed');
      expect(buildkit.variant.error).toMatch(/BUILD_DISK_MB/);
    } else {
      expect(engineCaveats(facts).join(' ')).toMatch(/BUILD_DISK_MB binds the classic builder's steps only here/);
    }
  }, 180_000);
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
