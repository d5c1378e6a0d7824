import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { removeAnalysisImages } from '../helpers/docker-cli';
import { gitRepo } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';

// `npm run worker` as real processes: two of them share one database and one engine;
// every job runs exactly once, never two at a time on the engine, and SIGTERM stops a
// worker cleanly.

const DEBIAN = 'standin/debian:bookworm-slim';
const dataDir = useFreshSettings({ ALLOW_LOCAL_SOURCES: '1', RUN_WORKER: '0' });
const { createAnalysis } = await import('@/lib/analyses/create-analysis');
const { getDb } = await import('@/lib/db');

const created: string[] = [];
const workers: ChildProcess[] = [];
afterAll(() => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
  removeAnalysisImages(created);
});

function startWorker(): { process: ChildProcess; output: () => string } {
  let output = '';
  // what `npm run worker` runs (npm itself would stand between the signal and the worker)
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, ALLOW_LOCAL_SOURCES: '1', RUN_WORKER: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  workers.push(child);
  return { process: child, output: () => output };
}

describe('npm run worker', () => {
  it('two worker processes share three jobs: each runs once, one at a time on the engine', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await createAnalysis({ type: 'git', url: gitRepo({ Dockerfile: `FROM ${DEBIAN}\nCOPY n.txt /\nRUN sleep 2\n`, 'n.txt': `${i}\n` }) }, { warmRebuild: false });
      ids.push(id);
      created.push(id);
    }
    const a = startWorker();
    const b = startWorker();
    const db = getDb();
    let most = 0;
    const owners = new Set<string>();
    const until = Date.now() + 150_000;
    for (;;) {
      const rows = await db.analysis.findMany({ where: { id: { in: ids } }, select: { status: true, leaseOwner: true } });
      const running = rows.filter((r) => r.status === 'running');
      most = Math.max(most, running.length);
      for (const r of running) if (r.leaseOwner) owners.add(r.leaseOwner.split(':')[1]!);
      if (rows.every((r) => r.status === 'succeeded' || r.status === 'failed')) break;
      if (Date.now() > until) throw new Error(`timed out:\n${a.output()}\n${b.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const done = await db.analysis.findMany({ where: { id: { in: ids } }, select: { status: true, attempts: true, engine: true } });
    expect(done.map((d) => d.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(done.map((d) => d.attempts)).toEqual([1, 1, 1]);
    expect(most).toBe(1);
    expect(owners.size).toBeGreaterThanOrEqual(1);
    expect(a.output()).toMatch(/shipshape worker .*: local \(unix:\/\/\/var\/run\/docker\.sock\), 1 job\(s\) per engine/);

    for (const worker of [a, b]) {
      worker.process.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => worker.process.once('exit', resolve));
      expect(code, worker.output()).toBe(0);
    }
  }, 200_000);
});
