/**
 * The dashboard's query (the newest 100 analyses with their variants, as the page and
 * `GET /api/analyses` read them) on a database of ANALYSES analyses, on SQLite and on
 * PostgreSQL side by side in one run: the median and 95th percentile of ROUNDS reads.
 *
 *   npx tsx bench/dashboard.ts [ANALYSES] [ROUNDS]    (PostgreSQL: the tests' throwaway cluster)
 */
import { freshTestDatabase, startTestPostgres, stopTestPostgres } from '../tests/helpers/postgres-cluster';
import { useFreshSettings } from '../tests/helpers/test-settings';
import { GO_STACK } from '../tests/helpers/go-stack';

const ANALYSES = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 200);

const ownCluster = startTestPostgres();

async function measure(database: 'sqlite' | 'postgresql'): Promise<{ median: number; p95: number; seedSeconds: number }> {
  useFreshSettings({ RUN_WORKER: '0', ...(database === 'postgresql' ? { DATABASE_URL: freshTestDatabase('bench_dashboard') } : {}) });
  const { getDb, dbReady, closeDb } = await import('@/lib/db');
  const { listAnalyses } = await import('@/lib/analyses/queries');
  const { toAnalysisSummaryJson } = await import('@/lib/analyses/analysis-json');
  await dbReady();
  const db = getDb();
  const seeded = performance.now();
  const stack = GO_STACK;
  for (let start = 0; start < ANALYSES; start += 500) {
    const ids = Array.from({ length: Math.min(500, ANALYSES - start) }, (_, i) => `bench-${start + i}`);
    await db.analysis.createMany({
      data: ids.map((id, i) => ({
        id,
        status: 'succeeded',
        sourceType: 'git',
        sourceLabel: `https://git.example.com/team/service-${(start + i) % 300}.git`,
        repositoryKey: `git:git.example.com/team/service-${(start + i) % 300}`,
        shareToken: `share-${id}`,
        submittedBy: `user-${i % 20}@example.com`,
        stack,
        createdAt: new Date(Date.UTC(2026, 0, 1) + (start + i) * 60_000),
        finishedAt: new Date(Date.UTC(2026, 0, 1) + (start + i) * 60_000 + 90_000),
      })),
    });
    await db.variant.createMany({
      data: ids.flatMap((id) => [
        {
          analysisId: id,
          kind: 'single-stage',
          status: 'succeeded',
          dockerfile: 'FROM golang:1.22\n',
          baseImages: [],
          sizeBytes: 647_000_000n,
          imageId: `sha256:${'a'.repeat(64)}`,
        },
        { analysisId: id, kind: 'multi-stage', status: 'succeeded', dockerfile: 'FROM scratch\n', baseImages: [], sizeBytes: 5_100_000n, imageId: `sha256:${'b'.repeat(64)}` },
      ]),
    });
  }
  const seedSeconds = (performance.now() - seeded) / 1000;
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    const page = (await listAnalyses()).map((a) => toAnalysisSummaryJson(a, 'http://localhost:3000'));
    times.push(performance.now() - started);
    if (page.length !== 100) throw new Error(`the dashboard read ${page.length} analyses`);
  }
  await closeDb();
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, p95: times[Math.floor(times.length * 0.95)]!, seedSeconds };
}

const sqlite = await measure('sqlite');
const postgres = await measure('postgresql');
console.log(`the dashboard's query (newest 100 of ${ANALYSES} analyses, with their variants), ${ROUNDS} reads each\n`);
console.log('| database | median | 95th percentile |\n|---|---|---|');
console.log(`| SQLite | ${sqlite.median.toFixed(1)} ms | ${sqlite.p95.toFixed(1)} ms |`);
console.log(`| PostgreSQL | ${postgres.median.toFixed(1)} ms | ${postgres.p95.toFixed(1)} ms |`);
console.log(`\nPostgreSQL / SQLite (median): ${(postgres.median / sqlite.median).toFixed(2)}`);
if (ownCluster) stopTestPostgres();
process.exit(0);
