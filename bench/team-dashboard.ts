/**
 * The team dashboard at team scale, through a production server (`next start`): a
 * database seeded with ANALYSES analyses over REPOSITORIES repositories (each with its
 * variants, a commit, and a budget with verdicts on a quarter of them), then ROUNDS
 * requests each of the dashboard page (server render) and of `GET /api/repositories`,
 * timed end to end over HTTP; and the JavaScript a first visit to the dashboard loads,
 * gzip-compressed, as the page's own <script> tags name it.
 *
 *   npm run build && npx tsx bench/team-dashboard.ts [ANALYSES] [REPOSITORIES] [ROUNDS]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Prisma } from '@/lib/generated/prisma/client';
import { GO_STACK } from '../tests/helpers/go-stack';

const ANALYSES = Number(process.argv[2] ?? 10_000);
const REPOSITORIES = Number(process.argv[3] ?? 400);
const ROUNDS = Number(process.argv[4] ?? 200);
const PORT = 3390;
const BASE = `http://127.0.0.1:${PORT}`;

if (!existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'))) throw new Error('Build the app first: npm run build');

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-team-'));
process.env.DATA_DIR = dataDir;
process.env.RUN_WORKER = '0';
delete process.env.DATABASE_URL;
const { getDb, closeDb } = await import('@/lib/db');
const db = getDb();

const seeded = performance.now();
const day = 86_400_000;
await db.repository.createMany({
  data: Array.from({ length: REPOSITORIES }, (_, r) => ({
    id: `repo${String(r).padStart(10, '0')}`,
    key: `git:https://git.example.com/team/service-${r}`,
    name: `git.example.com/team/service-${r}`,
    url: `https://git.example.com/team/service-${r}`,
    budget:
      r % 4 === 0
        ? {
            maxSize: [{ variant: 'multi-stage', compressed: false, bytes: 20_000_000 }],
            maxGrowth: { variant: 'multi-stage', percent: 5 },
            baseline: null,
            minEfficiency: null,
            maxWasted: null,
          }
        : Prisma.DbNull,
  })),
});
const stack = GO_STACK;
for (let start = 0; start < ANALYSES; start += 500) {
  const rows = Array.from({ length: Math.min(500, ANALYSES - start) }, (_, i) => start + i);
  await db.analysis.createMany({
    data: rows.map((n) => {
      const r = n % REPOSITORIES;
      return {
        id: `bench${String(n).padStart(9, '0')}`,
        status: n % 50 === 0 ? 'failed' : 'succeeded',
        sourceType: 'git',
        sourceLabel: `https://git.example.com/team/service-${r}`,
        repositoryKey: `git:https://git.example.com/team/service-${r}`,
        repositoryId: `repo${String(r).padStart(10, '0')}`,
        commitSha: n.toString(16).padStart(40, '0'),
        commitSubject: `Change ${n}`,
        shareToken: `share-${n}`,
        submittedBy: `user-${n % 20}@example.com`,
        stack,
        verdict: r % 4 === 0 ? { pass: n % 3 !== 0, checks: [], baseline: null } : Prisma.DbNull,
        createdAt: new Date(Date.UTC(2026, 0, 1) + n * (day / 40)),
        finishedAt: new Date(Date.UTC(2026, 0, 1) + n * (day / 40) + 90_000),
      };
    }),
  });
  await db.variant.createMany({
    data: rows.flatMap((n) => [
      {
        analysisId: `bench${String(n).padStart(9, '0')}`,
        kind: 'single-stage',
        status: 'succeeded',
        dockerfile: 'FROM golang:1.22\n',
        baseImages: [],
        sizeBytes: 647_000_000n + BigInt(n),
        compressedBytes: 230_000_000n,
      },
      {
        analysisId: `bench${String(n).padStart(9, '0')}`,
        kind: 'multi-stage',
        status: 'succeeded',
        dockerfile: 'FROM scratch\n',
        baseImages: [],
        sizeBytes: 5_100_000n + BigInt(n * 10),
        compressedBytes: 2_300_000n,
      },
    ]),
  });
}
await closeDb();
const seedSeconds = (performance.now() - seeded) / 1000;

const server = spawn(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(PORT), '-H', '127.0.0.1'], {
  env: { ...process.env, DATA_DIR: dataDir, SINGLE_USER: '1', RUN_WORKER: '0', NEXT_TELEMETRY_DISABLED: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  for (let i = 0; ; i++) {
    if (i > 120) throw new Error('the server did not start');
    if (
      await fetch(`${BASE}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const time = async (url: string, check: (text: string) => void) => {
    const times: number[] = [];
    for (let round = 0; round < ROUNDS + 10; round++) {
      const started = performance.now();
      const response = await fetch(url);
      const text = await response.text();
      const ms = performance.now() - started;
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      check(text);
      if (round >= 10) times.push(ms); // the first few warm the server up
    }
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)]!, p95: times[Math.floor(times.length * 0.95)]! };
  };
  const page = await time(`${BASE}/`, (html) => {
    if (!html.includes('git.example.com/team/service-')) throw new Error('the dashboard did not list the repositories');
  });
  const api = await time(`${BASE}/api/repositories`, (json) => {
    if ((JSON.parse(json) as { repositories: unknown[] }).repositories.length !== 50) throw new Error('the list API did not answer 50 repositories');
  });
  // first-load JS: every script the dashboard's HTML loads in a current browser (not the
  // nomodule polyfills only old browsers fetch), gzip-compressed
  const html = await (await fetch(`${BASE}/`)).text();
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/\bnomodule\b/i.test(tag));
  const scripts = [...new Set(tags.map((tag) => /\bsrc="([^"]+)"/.exec(tag)?.[1]).filter((src): src is string => !!src))];
  let js = 0;
  for (const src of scripts) js += gzipSync(Buffer.from(await (await fetch(new URL(src, BASE))).arrayBuffer()), { level: 9 }).length;

  console.log(`the team dashboard: ${ANALYSES} analyses over ${REPOSITORIES} repositories (SQLite, seeded in ${seedSeconds.toFixed(1)} s), ${ROUNDS} requests each over HTTP\n`);
  console.log('| request | median | 95th percentile | target (p95) |\n|---|---|---|---|');
  console.log(`| dashboard page, server render (GET /) | ${page.median.toFixed(1)} ms | ${page.p95.toFixed(1)} ms | ≤ 100 ms |`);
  console.log(`| list API (GET /api/repositories, 50 per page) | ${api.median.toFixed(1)} ms | ${api.p95.toFixed(1)} ms | ≤ 50 ms |`);
  console.log(`\nthe dashboard's HTML: ${(Buffer.byteLength(html) / 1000).toFixed(1)} kB`);
  console.log(`\nfirst-load JS of the dashboard: ${(js / 1000).toFixed(1)} kB gzip in ${scripts.length} scripts (target ≤ 150 kB)`);
} finally {
  server.kill();
}
process.exit(0);
