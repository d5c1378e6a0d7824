/**
 * Cold build vs warm rebuild after a one-line source change, for every fixture
 * repository, measured side by side on this engine in one run. The seed claims
 * BuildKit cache mounts cut repeated builds by up to 80 %; this prints what they do.
 *
 *   npx tsx bench/build-cache.ts        (needs the engine; BASE_IMAGE_MAP as for the tests)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-'));
process.env.DATA_DIR = dataDir;
process.env.ALLOW_LOCAL_SOURCES = '1';
process.env.BASE_IMAGE_MAP ??= process.env.SHARED_BASE_IMAGE_MAP ?? '';

const { createAnalysis } = await import('@/lib/analyses/create-analysis');
const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');
const { getWorker } = await import('@/lib/analyses/analysis-worker');
const { removeImage } = await import('@/lib/docker/build-image');

const fixtures = path.join(process.cwd(), 'tests', 'fixtures');
const rows: string[][] = [];
for (const name of readdirSync(fixtures).sort()) {
  const repo = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-repo-')), name);
  cpSync(path.join(fixtures, name), repo, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', ...args], { cwd: repo });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'fixture');
  const { id } = await createAnalysis({ type: 'git', url: repo });
  await getWorker().idle();
  const analysis = await getAnalysisOrThrow(id);
  for (const v of analysis.variants) {
    const saved = v.buildSeconds && v.warmBuildSeconds !== null ? `${(100 * (1 - v.warmBuildSeconds / v.buildSeconds)).toFixed(0)} %` : '–';
    rows.push([name, v.kind, v.builder, v.buildSeconds?.toFixed(1) ?? 'failed', v.warmBuildSeconds?.toFixed(1) ?? '–', saved]);
    if (v.imageTag) await removeImage(v.imageTag);
  }
}

const header = ['fixture', 'variant', 'builder', 'cold s', 'warm s', 'saved'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(line(header));
for (const r of rows) console.log(line(r));
console.log(`(${os.cpus().length} cores; cold = no layer cache and empty cache mounts)`);
