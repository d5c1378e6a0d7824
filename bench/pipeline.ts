/**
 * The whole analysis against the docker CLI doing the same work, side by side in one
 * run on one engine (alternating, so neither side gets a warmer machine):
 *   CLI:       git clone; cold builds of both Dockerfiles Shipshape writes (the
 *              single-stage one with the classic builder, the multi-stage one with
 *              BuildKit, no cache); a one-line source change; warm rebuilds of both;
 *              `docker save` of both images
 *   Shipshape: the same repository submitted as a git URL, from submission to the end
 *              (clone, detection, the same builds, the file analysis with compressed
 *              sizes, storage), and the time until the headline sizes are known
 * Target: Shipshape ≤ 1.10 × the CLI.
 *
 *   npx tsx bench/pipeline.ts [ROUNDS]    (DOCKER_HOST and DOCKER_CLI pick the engine; BASE_IMAGE_MAP as for the tests)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DOCKER = process.env.DOCKER_CLI ?? '/usr/bin/docker';
const HOST = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
const rounds = Number(process.argv[2] ?? 2);

process.env.DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-'));
process.env.ALLOW_LOCAL_SOURCES = '1';
process.env.BASE_IMAGE_MAP ??= process.env.SHARED_BASE_IMAGE_MAP ?? '';

const { createAnalysis } = await import('@/lib/analyses/create-analysis');
const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');
const { getWorker } = await import('@/lib/analyses/analysis-worker');
const { removeAnalysisImages } = await import('@/lib/docker/cleanup');
const { rewriteFromLines } = await import('@/lib/base-images/rewrite-from');
const { getSettings } = await import('@/lib/env');

/** The Go sample as a git repository of its own. */
function goRepo(): string {
  const repo = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-repo-')), 'go-hello');
  cpSync(path.join(process.cwd(), 'samples', 'go-hello'), repo, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', ...args], { cwd: repo });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'sample');
  return repo;
}

const docker = (args: string[], buildkit: boolean, dir?: string) => {
  const result = spawnSync(DOCKER, ['-H', HOST, ...args], {
    cwd: dir,
    env: { ...process.env, DOCKER_BUILDKIT: buildkit ? '1' : '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  if (result.status !== 0) throw new Error(`docker ${args.join(' ')}: ${result.stderr.toString().slice(-500)}`);
};

/** The CLI doing what an analysis does, with the Dockerfiles Shipshape wrote. */
function cliRun(repo: string, dockerfiles: { single: string; multi: string }, round: number): { seconds: number; phases: number[] } {
  const started = performance.now();
  const phases: number[] = [];
  let mark = started;
  const lap = () => {
    const now = performance.now();
    phases.push((now - mark) / 1000);
    mark = now;
  };
  const work = mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-cli-'));
  const clone = path.join(work, 'src');
  execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo}`, clone]);
  const files = { single: path.join(work, 'Dockerfile.single'), multi: path.join(work, 'Dockerfile.multi') };
  writeFileSync(files.single, dockerfiles.single);
  writeFileSync(files.multi, dockerfiles.multi);
  const tags = { single: `shipshape-bench/cli:single-${round}`, multi: `shipshape-bench/cli:multi-${round}` };
  lap();
  docker(['build', '--no-cache', '-q', '-f', files.single, '-t', tags.single, clone], false);
  lap();
  docker(['build', '--no-cache', '-q', '-f', files.multi, '-t', tags.multi, clone], true);
  lap();
  appendFileSync(path.join(clone, 'main.go'), `\n// source-only change ${Date.now()}\n`);
  docker(['build', '-q', '-f', files.single, '-t', `${tags.single}-warm`, clone], false);
  lap();
  docker(['build', '-q', '-f', files.multi, '-t', `${tags.multi}-warm`, clone], true);
  lap();
  for (const tag of [tags.single, tags.multi]) {
    const save = spawnSync('sh', ['-c', `${DOCKER} -H ${HOST} save ${tag} | wc -c`], { stdio: 'ignore' });
    if (save.status !== 0) throw new Error('docker save failed');
  }
  lap();
  const seconds = (performance.now() - started) / 1000;
  spawnSync(DOCKER, ['-H', HOST, 'image', 'rm', '-f', tags.single, tags.multi, `${tags.single}-warm`, `${tags.multi}-warm`], { stdio: 'ignore' });
  return { seconds, phases };
}

/**
 * Shipshape from submission until the analysis has ended (what its page shows; the
 * worker's housekeeping afterwards is not counted), and until both cold builds are measured.
 */
async function shipshapeRun(repo: string): Promise<{ seconds: number; headline: number; id: string; phases: number[] }> {
  const started = performance.now();
  const { id } = await createAnalysis({ type: 'git', url: repo });
  let headline = 0;
  let ended = 0;
  const watch = setInterval(() => {
    void getAnalysisOrThrow(id).then((a) => {
      const now = (performance.now() - started) / 1000;
      if (!headline && ['single-stage', 'multi-stage'].every((k) => a.variants.find((v) => v.kind === k)?.sizeBytes != null)) headline = now;
      if (!ended && a.finishedAt) ended = now;
    });
  }, 100);
  await getWorker().idle();
  clearInterval(watch);
  const analysis = await getAnalysisOrThrow(id);
  if (analysis.status !== 'succeeded') throw new Error(`the analysis ended ${analysis.status}: ${analysis.error}`);
  const build = (kind: string) => analysis.variants.find((v) => v.kind === kind)!;
  const phases = [build('single-stage').buildSeconds!, build('multi-stage').buildSeconds!, build('single-stage').warmBuildSeconds!, build('multi-stage').warmBuildSeconds!];
  return { seconds: ended || (performance.now() - started) / 1000, headline, id, phases };
}

const repo = goRepo();
// one analysis first: it writes the Dockerfiles the CLI builds, and warms the engine's disk for both sides
const first = await shipshapeRun(repo);
const written = await getAnalysisOrThrow(first.id);
const map = getSettings().baseImageMap;
const dockerfileOf = (kind: string) => rewriteFromLines(written.variants.find((v) => v.kind === kind)!.dockerfile, map).dockerfile;
const dockerfiles = { single: dockerfileOf('single-stage'), multi: dockerfileOf('multi-stage') };
await removeAnalysisImages(first.id);

const cli: number[] = [];
const ours: { seconds: number; headline: number }[] = [];
const fmt = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(' / ');
for (let round = 0; round < rounds; round++) {
  const c = cliRun(repo, dockerfiles, round);
  cli.push(c.seconds);
  const run = await shipshapeRun(repo);
  ours.push(run);
  await removeAnalysisImages(run.id);
  console.log(`round ${round + 1}: CLI ${c.seconds.toFixed(1)} s (clone / cold single / cold multi / warm single / warm multi / save: ${fmt(c.phases)})`);
  console.log(`         Shipshape ${run.seconds.toFixed(1)} s (cold single / cold multi / warm single / warm multi: ${fmt(run.phases)})`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const c = median(cli);
const s = median(ours.map((r) => r.seconds));
const h = median(ours.map((r) => r.headline));
console.log(`engine ${HOST}, ${os.cpus().length} cores, ${rounds} rounds (medians)`);
console.log(`docker CLI (clone, cold + warm builds, docker save)   ${c.toFixed(1)} s   runs: ${cli.map((x) => x.toFixed(1)).join(', ')}`);
console.log(`Shipshape (the whole analysis)                        ${s.toFixed(1)} s   runs: ${ours.map((x) => x.seconds.toFixed(1)).join(', ')}`);
console.log(`ratio                                                 ${(s / c).toFixed(2)} × (target ≤ 1.10)`);
console.log(`headline sizes known after                            ${h.toFixed(1)} s`);
process.exit(0);
