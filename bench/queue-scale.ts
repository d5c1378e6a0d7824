/**
 * Jobs per minute through the queue with 1, 2 and 4 workers, on SQLite and on
 * PostgreSQL side by side in one run. Builds are replaced by a fixed-cost processor
 * (each job takes JOB_MS and succeeds), so the figure is the queue's own: claim (fair
 * order, per-engine limit, FOR UPDATE SKIP LOCKED on PostgreSQL), lease renewals,
 * writing the end. Each worker has an engine of its own, one job at a time.
 * Ideal: workers × 60,000 / JOB_MS jobs per minute.
 *
 *   npx tsx bench/queue-scale.ts [JOBS] [JOB_MS]    (PostgreSQL: BENCH_POSTGRES_URL, or the tests' throwaway cluster)
 */
import { freshTestDatabase, startTestPostgres, stopTestPostgres } from '../tests/helpers/postgres-cluster';
import { useFreshSettings } from '../tests/helpers/test-settings';

const JOBS = Number(process.argv[2] ?? 120);
const JOB_MS = Number(process.argv[3] ?? 250);

const ownCluster = !process.env.BENCH_POSTGRES_URL && startTestPostgres();

async function round(database: 'sqlite' | 'postgresql', workers: number): Promise<number> {
  const name = `bench_queue_${workers}`;
  const url = database === 'postgresql' ? (process.env.BENCH_POSTGRES_URL ?? freshTestDatabase(name)) : undefined;
  useFreshSettings({ RUN_WORKER: '0', ...(url ? { DATABASE_URL: url } : {}) });
  const { getDb, dbReady, closeDb } = await import('@/lib/db');
  const { Worker } = await import('@/lib/queue/worker');
  const { analysisJobs } = await import('@/lib/analyses/store/jobs');
  await dbReady();
  const db = getDb();
  if (url && process.env.BENCH_POSTGRES_URL) await db.analysis.deleteMany({});
  await db.analysis.createMany({
    data: Array.from({ length: JOBS }, (_, i) => ({
      id: `bench-${i}`,
      status: 'queued',
      sourceType: 'sample',
      sourceLabel: 'sample:go',
      shareToken: `bench-share-${i}`,
      submittedBy: `user-${i % 5}@example.com`,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)),
    })),
  });
  const quiet = { info: () => undefined, error: (fields: object, message: string) => console.error(message, fields) };
  const pool = Array.from(
    { length: workers },
    (_, w) =>
      new Worker({
        jobs: analysisJobs,
        log: quiet,
        pollMs: 50,
        settings: () => ({ jobsPerEngine: 1, leaseSeconds: 30, maxAttempts: 2 }),
        processor: {
          engines: () => [{ name: `engine-${w}` }],
          health: async () => ({ reachable: true }),
          run: async () => {
            await new Promise((r) => setTimeout(r, JOB_MS));
            return { status: 'succeeded', error: null, message: 'Done' };
          },
          cleanUp: async () => undefined,
          afterEnd: async () => undefined,
        },
      }),
  );
  const started = performance.now();
  await Promise.all(pool.map((w) => w.start()));
  for (;;) {
    const done = await db.analysis.count({ where: { status: 'succeeded' } });
    if (done === JOBS) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(pool.map((w) => w.stop()));
  const twice = await db.analysis.count({ where: { attempts: { gt: 1 } } });
  if (twice) throw new Error(`${twice} job(s) ran twice`);
  await closeDb();
  return (JOBS / seconds) * 60;
}

const rows: string[] = [];
for (const workers of [1, 2, 4]) {
  const perMinute: Record<string, number> = {};
  // alternating, so neither database gets a warmer machine
  for (const database of ['sqlite', 'postgresql'] as const) perMinute[database] = await round(database, workers);
  const ideal = (workers * 60_000) / JOB_MS;
  rows.push(
    `| ${workers} | ${Math.round(perMinute.sqlite!)} (${((perMinute.sqlite! / ideal) * 100).toFixed(0)} %) | ${Math.round(perMinute.postgresql!)} (${((perMinute.postgresql! / ideal) * 100).toFixed(0)} %) | ${Math.round(ideal)} |`,
  );
}
console.log(`queue throughput, ${JOBS} jobs of ${JOB_MS} ms each, one engine per worker (jobs per minute; share of the ideal)\n`);
console.log('| workers | SQLite | PostgreSQL | ideal |\n|---|---|---|---|');
for (const row of rows) console.log(row);
if (ownCluster) stopTestPostgres();
process.exit(0);
