import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docker, removeAnalysisImages } from '../helpers/docker-cli';
import { filesOf, gitRepo } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';

// One fixture repository per stack and shape, analysed for real against the engine:
// each multi-stage image must run and print what its program prints, be smaller
// than the single-stage one, and come with the reason for its final base.

useFreshSettings({ ALLOW_LOCAL_SOURCES: '1' });
const { createAnalysis } = await import('@/lib/analyses/create-analysis');
const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');
const { toAnalysisJson } = await import('@/lib/analyses/analysis-json');
const { getWorker } = await import('@/lib/analyses/analysis-worker');
type Options = NonNullable<Parameters<typeof createAnalysis>[1]>;

const created: string[] = [];
afterAll(() => removeAnalysisImages(created));
const LONG = 15 * 60_000;

async function analyse(fixture: string, options: Options = {}) {
  const repo = gitRepo(filesOf(path.join(process.cwd(), 'tests', 'fixtures', fixture)));
  const { id } = await createAnalysis({ type: 'git', url: repo }, options);
  created.push(id);
  await getWorker().idle();
  return toAnalysisJson(await getAnalysisOrThrow(id), 'http://shipshape.test');
}

function variant(analysis: Awaited<ReturnType<typeof analyse>>, kind: string) {
  const found = analysis.variants.find((v) => v.kind === kind);
  if (!found) throw new Error(`no ${kind} variant in ${analysis.variants.map((v) => v.kind).join(', ')}`);
  return found;
}

function run(imageId: string, ...args: string[]): string {
  return docker('run', '--rm', '--network', 'none', imageId, ...args);
}

/** What every stack must show: success, a smaller multi-stage image, cold and warm times, a reason. */
function expectComparison(analysis: Awaited<ReturnType<typeof analyse>>) {
  expect(analysis.error).toBeNull();
  expect(analysis.status).toBe('succeeded');
  const single = variant(analysis, 'single-stage');
  const multi = variant(analysis, 'multi-stage');
  expect(single.builder).toBe('classic');
  expect(multi.builder).toBe('buildkit');
  expect(multi.sizeBytes!).toBeLessThan(single.sizeBytes!);
  for (const v of [single, multi]) {
    expect(v.buildSeconds).toBeGreaterThan(0);
    expect(v.warmBuildSeconds).toBeGreaterThan(0);
    expect(v.log).toContain('warm rebuild after a source-only change');
  }
  expect(analysis.stack?.finalBase?.reason.length).toBeGreaterThan(40);
  expect(multi.finalBase).toBe(analysis.stack?.finalBase?.image);
  return { single, multi };
}

describe('Go', () => {
  it(
    'vendored modules, two commands: builds cmd/hello to scratch with every alternative base, and for arm64',
    async () => {
      const analysis = await analyse('go-vendored', { alternatives: true, platforms: ['linux/arm64'] });
      const { multi } = expectComparison(analysis);
      expect(analysis.stack).toMatchObject({ language: 'go', entryPoint: './cmd/hello', entryPoints: ['./cmd/hello', './cmd/other'], vendored: true });
      expect(multi.dockerfile).toContain('go build -mod=vendor');
      expect(multi.dockerfile).not.toContain('go mod download');
      expect(multi.finalBase).toBe('scratch');
      expect(docker('run', '--rm', '--network', 'none', multi.imageId!)).toBe('hello from go (vendored)');
      for (const base of ['distroless-static', 'alpine', 'debian-slim']) {
        const alt = variant(analysis, `multi-stage:${base}`);
        expect(alt.status).toBe('succeeded');
        expect(run(alt.imageId!)).toBe('hello from go (vendored)');
        expect(alt.sizeBytes!).toBeGreaterThanOrEqual(multi.sizeBytes!);
      }
      // cross-compiled on the engine's own CPU onto scratch: no emulation, no arm64 base needed
      const arm = variant(analysis, 'multi-stage:linux-arm64');
      expect(arm.status).toBe('succeeded');
      expect(docker('image', 'inspect', '--format', '{{.Architecture}}', arm.imageId!)).toBe('arm64');
      expect(analysis.notes).toEqual([]);
    },
    LONG,
  );

  it(
    'builds the other command when asked',
    async () => {
      const analysis = await analyse('go-vendored', { entryPoint: './cmd/other', warmRebuild: false });
      expect(analysis.status).toBe('succeeded');
      expect(run(variant(analysis, 'multi-stage').imageId!)).toBe('the other command');
    },
    LONG,
  );

  it(
    'cgo: a binary that needs libc goes to distroless/cc instead of scratch, and runs',
    async () => {
      const analysis = await analyse('go-cgo');
      const { multi } = expectComparison(analysis);
      expect(multi.finalBase).toBe('gcr.io/distroless/cc-debian12');
      expect(analysis.stack?.finalBase?.reason).toMatch(/imports "C" \(cgo\)/);
      expect(run(multi.imageId!)).toBe('hello from C via cgo');
    },
    LONG,
  );
});

describe('Rust', () => {
  it(
    'a [[bin]] named apart from its package, to distroless/cc; arm64 is refused where no arm64 distroless/cc exists',
    async () => {
      const analysis = await analyse('rust-bin', { platforms: ['linux/arm64'] });
      const { multi } = expectComparison(analysis);
      expect(analysis.stack).toMatchObject({ language: 'rust', binary: 'greet', package: 'greeter-pkg' });
      expect(multi.dockerfile).toContain('echo "fn main() {}" > src/main.rs');
      expect(run(multi.imageId!)).toBe('hello from rust');
      expect(analysis.variants.map((v) => v.kind)).not.toContain('multi-stage:linux-arm64');
      expect(analysis.notes).toEqual([
        {
          topic: 'linux/arm64',
          message: expect.stringMatching(
            /^This engine cannot build linux\/arm64: the final image starts from gcr\.io\/distroless\/cc-debian12 .+docker pull --platform linux\/arm64 gcr\.io\/distroless\/cc-debian12/,
          ),
        },
      ]);
    },
    LONG,
  );
});

describe('Python', () => {
  it(
    "stdlib app to slim as uid 1001, with the repository's own Dockerfile as a third variant",
    async () => {
      const analysis = await analyse('python-dockerfile');
      const { single, multi } = expectComparison(analysis);
      expect(run(multi.imageId!)).toMatch(/^hello from python 3$/);
      expect(docker('image', 'inspect', '--format', '{{.Config.User}}', multi.imageId!)).toBe('app');
      expect(run(multi.imageId!, 'id', '-u')).toBe('1001');
      const own = variant(analysis, 'repository');
      expect(own.status).toBe('succeeded');
      expect(own.dockerfile).toContain('FROM python:3.12\n');
      expect(own.sizeBytes!).toBeGreaterThan(multi.sizeBytes!);
      expect(run(own.imageId!)).toMatch(/^hello from python 3$/);
      expect(single.dockerfile).not.toBe(own.dockerfile);
    },
    LONG,
  );
});

describe('Java', () => {
  it(
    'Maven to a JRE, non-root',
    async () => {
      const analysis = await analyse('maven-app');
      const { multi } = expectComparison(analysis);
      expect(analysis.stack).toMatchObject({ language: 'java', buildTool: 'maven', artifact: { path: 'target/greeter-1.0.0.jar', executable: true } });
      expect(run(multi.imageId!)).toMatch(/^hello from java \d+$/);
      expect(run(multi.imageId!, 'id', '-u')).toBe('1001');
    },
    LONG,
  );
});

describe('Node.js', () => {
  it(
    'npm with a lockfile: production dependencies only, on slim, as node',
    async () => {
      const analysis = await analyse('node-npm');
      const { single, multi } = expectComparison(analysis);
      expect(run(multi.imageId!)).toMatch(/^hello from node \d+ \(dev dependencies absent\)$/);
      expect(run(single.imageId!)).toMatch(/dev dependencies present/);
      expect(run(multi.imageId!, 'id', '-un')).toBe('node');
    },
    LONG,
  );
});
