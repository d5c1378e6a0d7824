import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyImageToEngine, helperImageRef, removeAnalysisImagesOn } from '../helpers/docker-cli';
import { tarGzOf } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';
import { writeTree } from '../helpers/write-tree';

// Workers anywhere: two `npm run worker` processes, each with a data folder of its own
// and an engine of its own, share nothing but one PostgreSQL database. Uploaded
// archives reach them through the database. One worker is killed with SIGKILL in the
// middle of a build; its job runs again on the other worker's engine and ends once.

const FIRST = 'unix:///var/run/docker.sock';
const SECOND = 'unix:///var/run/docker-second.sock';
const DEBIAN = 'standin/debian:bookworm-slim';

const webDir = useFreshSettings({ RUN_WORKER: '0', JOB_LEASE_SECONDS: '4' });
const { createAnalysis } = await import('@/lib/analyses/create-analysis');
const { getDb } = await import('@/lib/db');

const created: string[] = [];
const workers: ChildProcess[] = [];
beforeAll(() => {
  expect(process.env.DATABASE_URL, 'this file runs in the postgres project').toMatch(/^postgresql:\/\//);
  copyImageToEngine(DEBIAN, SECOND);
  copyImageToEngine(helperImageRef(), SECOND);
}, 180_000);
afterAll(() => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
  removeAnalysisImagesOn([FIRST, SECOND], created);
});

function startWorker(name: string, host: string): { process: ChildProcess; dataDir: string; output: () => string } {
  let output = '';
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `shipshape-worker-${name}-`));
  // what `npm run worker` runs; only the database URL and its engine in common with the others
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, DOCKER_ENGINES: `${name}=${host}`, RUN_WORKER: '1', JOB_LEASE_SECONDS: '4' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  workers.push(child);
  return { process: child, dataDir, output: () => output };
}

async function upload(n: number): Promise<string> {
  const dir = writeTree({ Dockerfile: `FROM ${DEBIAN}\nCOPY n.txt /\nRUN sleep 6 && cat /n.txt\n`, 'n.txt': `job ${n}\n` });
  const archive = await tarGzOf(dir);
  const { id } = await createAnalysis({ type: 'archive', filename: 'repo.tar.gz', bytes: new Uint8Array(readFileSync(archive)) }, { warmRebuild: false });
  created.push(id);
  return id;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, seconds: number, log: () => string): Promise<T> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('workers on two machines', () => {
  it('share one PostgreSQL and no folder; a job whose worker is killed mid-build ends once, on the other engine', async () => {
    const ids = [await upload(1), await upload(2)];
    const db = getDb();
    const a = startWorker('first', FIRST);
    const log = () => `--- first\n${a.output()}\n--- second\n${b?.output() ?? ''}`;
    let b: ReturnType<typeof startWorker> | undefined;

    // the first worker takes a job and is killed while it builds
    const victim = await waitFor(
      'the first worker to build',
      async () => {
        const row = await db.analysis.findFirst({ where: { id: { in: ids }, status: 'running', engine: 'first' }, select: { id: true, progress: true } });
        return row?.progress?.phase === 'building' ? row.id : undefined;
      },
      120,
      log,
    );
    b = startWorker('second', SECOND);
    a.process.kill('SIGKILL');
    await new Promise((resolve) => a.process.once('exit', resolve));

    // the second worker finishes both: its own, and the killed one once its lease ran out
    const rows = await waitFor(
      'both jobs to end',
      async () => {
        const found = await db.analysis.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, attempts: true, engine: true, error: true } });
        return found.every((r) => ['succeeded', 'failed', 'canceled'].includes(r.status)) ? found : undefined;
      },
      240,
      log,
    );
    for (const row of rows) expect(row, log()).toMatchObject({ status: 'succeeded', engine: 'second', error: null });
    expect(rows.find((r) => r.id === victim)!.attempts).toBe(2);
    // ended once: one row per variant, its layers written once
    for (const id of ids) {
      const variants = await db.variant.findMany({ where: { analysisId: id }, select: { kind: true } });
      expect(variants.length).toBeGreaterThan(0);
      expect(new Set(variants.map((v) => v.kind)).size).toBe(variants.length);
    }
    // the archives came through the database, and left it once used; no worker folder holds them
    expect(await db.uploadChunk.count({ where: { analysisId: { in: ids } } })).toBe(0);
    for (const dir of [webDir, a.dataDir, b.dataDir]) {
      const uploads = path.join(dir, 'uploads');
      expect(existsSync(uploads) ? readdirSync(uploads).filter((f) => !f.startsWith('.')) : []).toEqual([]);
    }
    expect(b.output()).toMatch(new RegExp(`analysis ${victim} lost its worker; queued again`));

    b.process.kill('SIGTERM');
    expect(await new Promise((resolve) => b!.process.once('exit', resolve)), b.output()).toBe(0);
  }, 420_000);
});
