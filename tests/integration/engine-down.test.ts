import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { useFreshSettings } from '../helpers/test-settings';
import { writeTree } from '../helpers/write-tree';

// With no engine at DOCKER_HOST, the health check says why, and an analysis waits
// in the queue saying so (it is not lost, and the process stays up).

useFreshSettings({ DOCKER_HOST: 'unix:///tmp/shipshape-no-engine.sock' });
const health = await import('@/app/api/health/route');
const { createAnalysis } = await import('@/lib/analyses/create-analysis');
const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');
const { getWorker } = await import('@/lib/analyses/analysis-worker');
const { buildImage } = await import('@/lib/docker/build-image');

describe('engine down', () => {
  it('health answers 503 with the reason', async () => {
    const response = await health.GET();
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body).toMatchObject({ ok: false, engine: { reachable: false } });
    expect(body.engine.reason).toBe('The Docker engine is not reachable (ENOENT). Start it, or set DOCKER_HOST to a running engine.');
  });

  it('a refused build leaves no stray error behind when its context folder goes away', async () => {
    // packing is still walking this folder when the request fails; the folder is then removed
    const dir = writeTree(Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`d${i % 60}/f${i}.txt`, 'x'])));
    const build = buildImage({ contextDir: dir, dockerfile: 'FROM scratch\n', tag: 'never:built', labels: {}, builder: 'classic' });
    await expect(build).rejects.toThrow(/not reachable/);
    rmSync(dir, { recursive: true, force: true });
    await sleep(300); // an unheard stream error would surface here as an uncaught exception
  });

  it('an analysis waits, says why, and can be canceled while it waits', async () => {
    const { id } = await createAnalysis({ type: 'sample', name: 'go' });
    await getWorker().start();
    await expect
      .poll(async () => (await getAnalysisOrThrow(id)).progress?.message, { timeout: 10_000 })
      .toMatch(/^Waiting: no Docker engine is reachable \(local: The Docker engine is not reachable \(ENOENT\)/);
    const waiting = await getAnalysisOrThrow(id);
    expect(waiting.status).toBe('queued');
    expect(waiting.attempts).toBe(0);
    const { requestCancel } = await import('@/lib/analyses/store/jobs');
    expect(await requestCancel(id)).toBe('canceled');
    expect((await getAnalysisOrThrow(id)).status).toBe('canceled');
    await getWorker().stop();
  });
});
