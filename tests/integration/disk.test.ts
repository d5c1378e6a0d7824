import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { docker, imageExists, removeAnalysisImages } from '../helpers/docker-cli';
import { gitRepo } from '../helpers/repos';
import { writeTree } from '../helpers/write-tree';
import { useReadySettings } from '../helpers/test-settings';
import { ENGINE } from '../helpers/engine';

// The engine's disk: retention keeps the images of the newest KEEP_IMAGES analyses,
// BuildKit's cache is pruned down to BUILD_CACHE_MAX_MB, and at start the images a
// crash left (this instance's only) are swept.

const DEBIAN = 'standin/debian:bookworm-slim';
const created: string[] = [];
afterAll(() => removeAnalysisImages(created));

/** bytes in the cache mounts whose record names the id prefix, or whose command says the tag */
async function mountBytes(match: string): Promise<number> {
  const { getDocker } = await import('@/lib/docker/client');
  return (((await getDocker().df()) as { BuildCache?: { Type: string; Size: number; Description?: string }[] }).BuildCache ?? [])
    .filter((r) => r.Type === 'exec.cachemount' && (r.Description ?? '').includes(match))
    .reduce((sum, r) => sum + r.Size, 0);
}

const cacheDockerfile = (tag: string) => `FROM ${DEBIAN}\nRUN --mount=type=cache,target=/cache head -c 20m /dev/urandom > /cache/${tag} && echo ${tag} > /done\n`;

async function load(extra: Record<string, string>) {
  await useReadySettings({ ALLOW_LOCAL_SOURCES: '1', ...extra });
  const { createAnalysis } = await import('@/lib/analyses/create-analysis');
  const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');
  const { getWorker } = await import('@/lib/analyses/analysis-worker');
  const submit = async (dockerfile: string) => {
    const { id } = await createAnalysis({ type: 'git', url: gitRepo({ Dockerfile: dockerfile, 'a.txt': `${Math.random()}\n` }) }, { warmRebuild: false });
    created.push(id);
    return id;
  };
  return { submit, get: getAnalysisOrThrow, worker: getWorker() };
}

/** A tiny image with Shipshape's labels, as a crashed run would have left it. */
function leftover(instance: string, analysis: string): string {
  const dir = writeTree({ Dockerfile: `FROM scratch\nCOPY x /x\n`, x: `${analysis}\n` });
  execFileSync(
    '/usr/bin/docker',
    [
      'build',
      '-q',
      '--label',
      'io.shipshape.managed=true',
      '--label',
      `io.shipshape.instance=${instance}`,
      '--label',
      `io.shipshape.analysis=${analysis}`,
      '-t',
      `shipshape/${analysis}:single-stage`,
      dir,
    ],
    { stdio: 'ignore' },
  );
  return docker('image', 'inspect', '--format', '{{.Id}}', `shipshape/${analysis}:single-stage`);
}

describe('disk', () => {
  it('KEEP_IMAGES=1: an older analysis loses its image once a newer one ends; its numbers stay', async () => {
    const api = await load({ KEEP_IMAGES: '1' });
    const older = await api.submit(`FROM ${DEBIAN}\nCOPY a.txt /\n`);
    await api.worker.idle();
    const olderImage = (await api.get(older)).variants[0]!.imageId!;
    expect(imageExists(olderImage)).toBe(true);

    const newer = await api.submit(`FROM ${DEBIAN}\nCOPY a.txt /\n`);
    await api.worker.idle();
    const [o, n] = [await api.get(older), await api.get(newer)];
    expect(imageExists(olderImage)).toBe(false);
    expect(o.imagesRemovedAt).not.toBeNull();
    expect(o.variants[0]!.sizeBytes).not.toBeNull(); // the comparison still reads
    expect(imageExists(n.variants[0]!.imageId!)).toBe(true);
    expect(n.imagesRemovedAt).toBeNull();
    await api.worker.stop();
  }, 120_000);

  // each engine registers the case it has: no test is skipped
  if (ENGINE === 'modern') {
    // Docker 23+: BuildKit names each cache mount's id, which carries this instance's id
    it("prunes this instance's BuildKit cache mounts down to BUILD_CACHE_MAX_MB after an analysis (0: never), and no other instance's", async () => {
      const never = await load({ BUILD_CACHE_MAX_MB: '0' });
      const { cacheIdPrefix } = await import('@/lib/docker/cleanup');
      const otherInstance = cacheIdPrefix();
      const kept = await never.submit(cacheDockerfile(`keep${Date.now()}`));
      await never.worker.idle();
      const keptAnalysis = await never.get(kept);
      expect(keptAnalysis.status, keptAnalysis.error ?? keptAnalysis.variants.map((v) => v.error).join('; ')).toBe('succeeded');
      expect(await mountBytes(otherInstance)).toBeGreaterThanOrEqual(20 * 1024 * 1024);
      await never.worker.stop();

      const capped = await load({ BUILD_CACHE_MAX_MB: '1' });
      const thisInstance = cacheIdPrefix();
      expect(thisInstance).not.toBe(otherInstance);
      const id = await capped.submit(cacheDockerfile(`prune${Date.now()}`));
      await capped.worker.idle();
      expect((await capped.get(id)).status).toBe('succeeded');
      // its own 20 MB mount is gone: what is left fits the cap; the other instance's stays
      expect(await mountBytes(thisInstance)).toBeLessThanOrEqual(1024 * 1024);
      expect(await mountBytes(otherInstance)).toBeGreaterThanOrEqual(20 * 1024 * 1024);
      await capped.worker.stop();
    }, 180_000);
  }

  if (ENGINE === 'main') {
    // Docker 20.10: BuildKit's records do not say whose a cache mount is
    it("prunes no cache mount where BuildKit does not say whose it is (another instance's could go), and the engine page says what to do", async () => {
      const capped = await load({ BUILD_CACHE_MAX_MB: '1' });
      const tag = `unowned${Date.now()}`;
      const id = await capped.submit(cacheDockerfile(tag));
      await capped.worker.idle();
      expect((await capped.get(id)).status).toBe('succeeded');
      const { pruneBuildCacheAboveCap } = await import('@/lib/analyses/disk');
      expect(await pruneBuildCacheAboveCap()).toBeNull();
      expect(await mountBytes(tag)).toBeGreaterThanOrEqual(20 * 1024 * 1024);
      const { engineCaveats, engineFacts } = await import('@/lib/docker/engine-facts');
      expect(engineCaveats(await engineFacts()).join(' ')).toMatch(/BUILD_CACHE_MAX_MB cannot prune this instance's cache mounts alone and prunes none/);
      await capped.worker.stop();
    }, 180_000);
  }

  if (ENGINE === 'podman') {
    it('Podman: no BuildKit cache to prune, and the engine page says what to do instead', async () => {
      await useReadySettings();
      const { pruneBuildCacheAboveCap } = await import('@/lib/analyses/disk');
      const { engineCaveats, engineFacts } = await import('@/lib/docker/engine-facts');
      expect(await pruneBuildCacheAboveCap()).toBeNull();
      expect(engineCaveats(await engineFacts()).join(' ')).toMatch(/BUILD_CACHE_MAX_MB does not apply: run `buildah prune`/);
    });
  }

  it("sweeps this instance's orphans at start, and leaves another instance's images alone", async () => {
    await useReadySettings({ ALLOW_LOCAL_SOURCES: '1' });
    const { instanceId } = await import('@/lib/secrets');
    const mine = leftover(instanceId(), `orphan${Date.now()}`);
    const theirs = leftover('0000000000000000', `theirs${Date.now()}`);
    const { getWorker } = await import('@/lib/analyses/analysis-worker');
    await getWorker().start();
    expect(imageExists(mine)).toBe(false);
    expect(imageExists(theirs)).toBe(true);
    docker('image', 'rm', '-f', theirs);
    await getWorker().stop();
  }, 60_000);
});
