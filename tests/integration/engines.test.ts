import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyImageToEngine, dockerOn, helperImageRef, imageExists, removeAnalysisImagesOn } from '../helpers/docker-cli';
import { gitRepo } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';

// Two real engines: the main one and the second one `engine-up.sh second` starts.
// Four analyses are spread over both, one at a time per engine; and an engine that
// stops in the middle of a build gets its job back once it returns.

const MAIN = 'unix:///var/run/docker.sock';
const SECOND = 'unix:///var/run/docker-second.sock';
const ENGINE_UP = path.resolve(process.cwd(), '..', 'shared', 'ci', 'engine-up.sh');
const DEBIAN = 'standin/debian:bookworm-slim';

const created: string[] = [];
beforeAll(() => {
  execFileSync('bash', [ENGINE_UP, 'second'], { stdio: 'ignore' });
  copyImageToEngine(DEBIAN, SECOND);
  // the image BuildKit's limits are set from (HELPER_IMAGE)
  copyImageToEngine(helperImageRef(), SECOND);
}, 180_000);
afterAll(() => removeAnalysisImagesOn([MAIN, SECOND], created));

async function load(engines: string) {
  useFreshSettings({ ALLOW_LOCAL_SOURCES: '1', DOCKER_ENGINES: engines });
  const { createAnalysis } = await import('@/lib/analyses/create-analysis');
  const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');
  const { getWorker } = await import('@/lib/analyses/analysis-worker');
  const { getDb } = await import('@/lib/db');
  const submit = async (dockerfile: string, files: Record<string, string> = {}) => {
    const { id } = await createAnalysis({ type: 'git', url: gitRepo({ Dockerfile: dockerfile, ...files }) }, { warmRebuild: false });
    created.push(id);
    return id;
  };
  return { submit, get: getAnalysisOrThrow, worker: getWorker(), db: getDb() };
}

describe('several engines', () => {
  it('two engines share four jobs, one at a time each, and each image is on the engine that built it', async () => {
    const api = await load(`main=${MAIN},second=${SECOND}`);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await api.submit(`FROM ${DEBIAN}\nCOPY job.txt /\nRUN sleep 3 && cat /job.txt\n`, { 'job.txt': `job ${i}\n` }));

    // watch the queue while it runs: never more than one running job per engine
    let watching = true;
    let most = 0;
    const seen = new Set<string>();
    const watcher = (async () => {
      while (watching) {
        const running = await api.db.analysis.groupBy({ by: ['engine'], where: { status: 'running' }, _count: { _all: true } });
        for (const r of running) {
          most = Math.max(most, r._count._all);
          if (r.engine) seen.add(r.engine);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await api.worker.idle();
    watching = false;
    await watcher;

    const done = await Promise.all(ids.map((id) => api.get(id)));
    expect(
      done.map((a) => a.status),
      JSON.stringify(done.map((a) => [a.engine, a.error, a.variants.map((v) => v.error)])),
    ).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(done.map((a) => a.attempts)).toEqual([1, 1, 1, 1]);
    expect(most).toBe(1);
    expect([...seen].sort()).toEqual(['main', 'second']);
    const perEngine = { main: 0, second: 0 } as Record<string, number>;
    for (const analysis of done) {
      perEngine[analysis.engine!]! += 1;
      const image = analysis.variants[0]!.imageId!;
      const [here, there] = analysis.engine === 'main' ? [MAIN, SECOND] : [SECOND, MAIN];
      expect(imageExists(image, here)).toBe(true);
      expect(imageExists(image, there)).toBe(false);
      // the size stored is the size that engine reports
      expect(Number(dockerOn(here, 'image', 'inspect', '--format', '{{.Size}}', image))).toBe(Number(analysis.variants[0]!.sizeBytes));
    }
    expect(perEngine.main).toBeGreaterThanOrEqual(1);
    expect(perEngine.second).toBeGreaterThanOrEqual(1);
    await api.worker.stop();
  }, 180_000);

  it('an engine stopped mid-build: the job waits, says why, and runs again when the engine is back', async () => {
    const api = await load(`second=${SECOND}`);
    const id = await api.submit(`FROM ${DEBIAN}\nRUN sleep 12 && echo slept\n`);
    void api.worker.start();
    const until = Date.now() + 60_000;
    while (!(await api.get(id)).variants.some((v) => /Running in/.test(v.log))) {
      if (Date.now() > until) throw new Error('the build did not start');
      await new Promise((r) => setTimeout(r, 200));
    }

    const pid = Number(readFileSync('/var/run/docker-second.pid', 'utf8'));
    process.kill(pid, 'SIGTERM');
    try {
      await expect
        .poll(
          async () => {
            const a = await api.get(id);
            return `${a.status}: ${a.progress?.message}`;
          },
          { timeout: 60_000, interval: 250 },
        )
        .toMatch(
          /^queued: (The Docker engine stopped answering during this analysis; it waits for an engine and starts again|Waiting: no Docker engine is reachable \(second: .*)$/,
        );
      const health = await (await import('@/app/api/health/route')).GET();
      expect(health.status).toBe(503);
      expect((await health.json()).engines).toEqual([expect.objectContaining({ name: 'second', reachable: false })]);
    } finally {
      execFileSync('bash', [ENGINE_UP, 'second'], { stdio: 'ignore' });
    }

    await api.worker.idle();
    const analysis = await api.get(id);
    expect(analysis.status).toBe('succeeded');
    expect(analysis.attempts).toBe(2);
    expect(analysis.variants[0]!.log).toContain('slept');
    expect(imageExists(analysis.variants[0]!.imageId!, SECOND)).toBe(true);
    await api.worker.stop();
  }, 240_000);
});
