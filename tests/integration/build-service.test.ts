import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allImageIds, containerIds, imageExists, labelledImageIds, removeAnalysisImages } from '../helpers/docker-cli';
import { gitRepo } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';
import { BUILDERS, builderHere } from '../helpers/engine';

// The build service on the real engine: cancel (queued and running, both builders),
// and the limits: memory, deadline, log size, network. Repositories here carry only
// their own Dockerfile, so each analysis is one small build.

const DEBIAN = 'standin/debian:bookworm-slim';
const created: string[] = [];
afterAll(() => removeAnalysisImages(created));

async function load(extra: Record<string, string> = {}) {
  useFreshSettings({ ALLOW_LOCAL_SOURCES: '1', ...extra });
  const { createAnalysis } = await import('@/lib/analyses/create-analysis');
  const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');
  const { getWorker } = await import('@/lib/analyses/analysis-worker');
  const cancelRoute = await import('@/app/api/analyses/[id]/cancel/route');
  const submit = async (dockerfile: string) => {
    const { id } = await createAnalysis({ type: 'git', url: gitRepo({ Dockerfile: dockerfile, 'hello.txt': 'hello\n' }) }, { warmRebuild: false });
    created.push(id);
    return id;
  };
  const cancel = (id: string) => cancelRoute.POST(new Request(`http://shipshape.test/api/analyses/${id}/cancel`, { method: 'POST' }), { params: Promise.resolve({ id }) });
  const waitFor = async (id: string, check: (a: Awaited<ReturnType<typeof getAnalysisOrThrow>>) => boolean, timeout = 60_000) => {
    const until = Date.now() + timeout;
    for (;;) {
      const analysis = await getAnalysisOrThrow(id);
      if (check(analysis)) return analysis;
      if (Date.now() > until) throw new Error(`timed out; status ${analysis.status}, progress ${analysis.progress}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  return { submit, cancel, waitFor, get: getAnalysisOrThrow, worker: getWorker() };
}

describe('cancel', () => {
  let api: Awaited<ReturnType<typeof load>>;
  beforeAll(async () => {
    api = await load();
  });

  // before any test starts the worker: a started worker may claim the job before the cancel
  it('a canceled upload leaves no archive behind', async () => {
    const { createAnalysis } = await import('@/lib/analyses/create-analysis');
    const { getDb } = await import('@/lib/db');
    const { id } = await createAnalysis({ type: 'archive', filename: 'repo.tar.gz', bytes: new Uint8Array([1, 2, 3]) });
    created.push(id);
    // the archive waits in the database, where any worker finds it
    expect(await getDb().uploadChunk.count({ where: { analysisId: id } })).toBe(1);
    expect((await api.cancel(id)).status).toBe(200);
    expect(await getDb().uploadChunk.count({ where: { analysisId: id } })).toBe(0);
  });

  it('removes a queued analysis at once, and it never runs', async () => {
    const id = await api.submit(`FROM ${DEBIAN}\nRUN echo never\n`);
    const response = await api.cancel(id);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id, status: 'canceled' });
    await api.worker.idle();
    const analysis = await api.get(id);
    expect(analysis.status).toBe('canceled');
    expect(analysis.attempts).toBe(0);
    expect(analysis.variants).toHaveLength(0);
    const again = await api.cancel(id);
    expect(again.status).toBe(409);
  });

  for (const builder of BUILDERS) {
    it(`stops a running ${builder} build within 10 s, removes its leftovers, and the next job starts`, async () => {
      const before = new Set(containerIds());
      const imagesBefore = new Set(allImageIds());
      // Podman's compat API stops a build only once its running step ends: the step is short there
      const sleep = builder === 'buildah' ? 'sleep 20' : 'sleep 120';
      const slow =
        builder === 'classic'
          ? `FROM ${DEBIAN}\nRUN echo first-step > /first\nRUN ${sleep}\n`
          : `FROM ${DEBIAN}\nRUN --mount=type=cache,target=/cache echo first-step > /first\nRUN --mount=type=cache,target=/cache ${sleep}\n`;
      const id = await api.submit(slow);
      const next = await api.submit(`FROM ${DEBIAN}\nCOPY hello.txt /\n`);
      void api.worker.idle();
      const running = (log: string) => (builder === 'classic' ? /Running in/.test(log.split(sleep)[1] ?? '') : log.includes(sleep));
      const building = await api.waitFor(id, (a) => a.variants.some((v) => v.status === 'building' && running(v.log)));
      expect(building.status).toBe('running');

      const asked = Date.now();
      const response = await api.cancel(id);
      expect(response.status).toBe(202);
      const canceled = await api.waitFor(id, (a) => a.status === 'canceled', 10_000);
      expect(Date.now() - asked).toBeLessThan(10_000);
      expect(canceled.variants[0]!.status).toBe('canceled');
      expect(canceled.error).toBeNull();

      const after = await api.waitFor(next, (a) => a.status === 'succeeded' || a.status === 'failed', 60_000);
      expect(after.status).toBe('succeeded');

      // nothing left: no container, and no image the canceled build made (its step images
      // included), as the engine lists them; the next job's images are its own
      await expect.poll(() => containerIds().filter((c) => !before.has(c)), { timeout: 10_000 }).toEqual([]);
      const nextImages = new Set(labelledImageIds(next));
      await expect.poll(() => allImageIds().filter((i) => !imagesBefore.has(i) && !nextImages.has(i)), { timeout: 30_000 }).toEqual([]);
      expect(imageExists(`shipshape/${id}:repository`)).toBe(false);
    }, 120_000);
  }
});

describe('limits', () => {
  it('a RUN step that needs more memory than BUILD_MEMORY_MB is killed, and the reason says so', async () => {
    const api = await load({ BUILD_MEMORY_MB: '64' });
    const id = await api.submit(`FROM ${DEBIAN}\nRUN head -c 400m /dev/zero | tail > /dev/null\n`);
    await api.worker.idle();
    const analysis = await api.get(id);
    expect(analysis.status).toBe('failed');
    // where the build cgroup's memory counters are readable, the reason is measured there; elsewhere the exit code tells
    expect(analysis.variants[0]!.error).toMatch(
      /exit code 137\. (The engine killed a process of this step for using more memory than builds may \(BUILD_MEMORY_MB\)|The step ran into the memory limit of builds \(BUILD_MEMORY_MB\) before it failed|Exit code 137 means it was killed: most likely it needed more memory than builds may use \(BUILD_MEMORY_MB\))/,
    );
  }, 120_000);

  it('the same step passes with the default memory limit (the limit is what killed it)', async () => {
    const api = await load();
    const id = await api.submit(`FROM ${DEBIAN}\nRUN head -c 400m /dev/zero | tail > /dev/null\n`);
    await api.worker.idle();
    expect((await api.get(id)).status).toBe('succeeded');
  }, 120_000);

  it('a build longer than BUILD_TIMEOUT_SECONDS is stopped at the deadline', async () => {
    const api = await load({ BUILD_TIMEOUT_SECONDS: '10' });
    const before = new Set(containerIds());
    const started = Date.now();
    const id = await api.submit(`FROM ${DEBIAN}\nRUN sleep 300\n`);
    await api.worker.idle();
    const analysis = await api.get(id);
    expect(Date.now() - started).toBeLessThan(40_000);
    expect(analysis.status).toBe('failed');
    expect(analysis.variants[0]!.error).toBe('The build ran longer than the build deadline (BUILD_TIMEOUT_SECONDS = 10 s) and was stopped.');
    // the engine removes the stopped step's container on its own, moments later
    await expect.poll(() => containerIds().filter((c) => !before.has(c)), { timeout: 10_000 }).toEqual([]);
  }, 120_000);

  it('a log longer than MAX_LOG_KB is cut with a note, and the build goes on', async () => {
    const api = await load({ MAX_LOG_KB: '8' });
    const id = await api.submit(`FROM ${DEBIAN}\nRUN seq 1 20000\nRUN echo after-the-flood\n`);
    await api.worker.idle();
    const analysis = await api.get(id);
    expect(analysis.status).toBe('succeeded');
    const log = analysis.variants[0]!.log;
    expect(log.length).toBeLessThan(8 * 1024 + 200);
    expect(log).toMatch(/\[log truncated: it reached the 8 kB cap \(MAX_LOG_KB\); the build went on\]\n$/);
    expect(log).not.toContain('after-the-flood');
  }, 120_000);

  it("BUILD_NETWORK=off: RUN steps reach no network, with either builder; on: the network but never the engine host's loopback", async () => {
    // a server on this host's loopback (the engine's host here): no build may reach it
    const server = createServer((_, res) => res.end('host-loopback-reached')).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const loopback = `bash -c 'exec 3<>/dev/tcp/127.0.0.1/${port} && echo host-loopback-reached || echo host-loopback-refused'`;
    const probes = [
      `FROM ${DEBIAN}\nRUN getent hosts deb.debian.org && echo network-reached\nRUN ${loopback}\n`,
      `FROM ${DEBIAN}\nRUN --mount=type=cache,target=/cache getent hosts deb.debian.org && echo network-reached\nRUN ${loopback}\n`, // BuildKit
    ];
    try {
      const off = await load({ BUILD_NETWORK: 'off' });
      const blocked = [await off.submit(probes[0]!), await off.submit(probes[1]!)];
      await off.worker.idle();
      for (const id of blocked) expect((await off.get(id)).status).toBe('failed');
      const on = await load();
      const reached = [await on.submit(probes[0]!), await on.submit(probes[1]!)];
      await on.worker.idle();
      for (const id of reached) {
        const analysis = await on.get(id);
        expect(analysis.status).toBe('succeeded');
        expect(analysis.variants[0]!.log).toContain('network-reached');
        expect(analysis.variants[0]!.log).toContain('host-loopback-refused');
        expect(analysis.variants[0]!.log).not.toMatch(/^host-loopback-reached/m);
      }
      expect((await on.get(reached[1]!)).variants[0]!.builder).toBe(builderHere('buildkit'));
    } finally {
      server.close();
    }
  }, 180_000);
});
