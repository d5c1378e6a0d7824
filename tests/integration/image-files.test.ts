import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, removeAnalysisImages } from '../helpers/docker-cli';
import { filesOf, gitRepo } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';

// Inside the images: every layer's files from the engine's export, the waste, the
// findings (proven from the image), the file tree by layer, and comparisons. The
// witness is the engine itself: `docker run ... find` and `docker image inspect`.

useFreshSettings({ ALLOW_LOCAL_SOURCES: '1' });
const { createAnalysis } = await import('@/lib/analyses/create-analysis');
const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');
const { toAnalysisJson } = await import('@/lib/analyses/analysis-json');
const { getWorker } = await import('@/lib/analyses/analysis-worker');
const filesRoute = await import('@/app/api/analyses/[id]/variants/[kind]/files/route');
const compareRoute = await import('@/app/api/compare/route');

const created: string[] = [];
afterAll(() => removeAnalysisImages(created));

async function analyse(submission: Parameters<typeof createAnalysis>[0]) {
  const { id } = await createAnalysis(submission, { warmRebuild: false });
  created.push(id);
  await getWorker().idle();
  return toAnalysisJson(await getAnalysisOrThrow(id), 'http://shipshape.test');
}
type Analysis = Awaited<ReturnType<typeof analyse>>;
const variant = (a: Analysis, kind: string) => a.variants.find((v) => v.kind === kind)!;
const fixture = (name: string) => gitRepo(filesOf(path.join(process.cwd(), 'tests', 'fixtures', name)));

async function listFiles(id: string, kind: string, query: string) {
  const response = await filesRoute.GET(new Request(`http://x/api/analyses/${id}/variants/${kind}/files?${query}`), { params: Promise.resolve({ id, kind }) });
  return { status: response.status, body: await response.json() };
}
async function compare(a: string, b: string) {
  const response = await compareRoute.GET(new Request(`http://x/api/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`), undefined);
  return { status: response.status, body: await response.json() };
}

describe('the Go sample, file by file', () => {
  let analysis: Analysis;
  beforeAll(async () => {
    analysis = await analyse({ type: 'sample', name: 'go' });
    expect(analysis.status).toBe('succeeded');
  }, 10 * 60_000);

  it('shows why the single-stage image is big: the Go toolchain, with the bytes the engine reports', () => {
    const single = variant(analysis, 'single-stage');
    expect(single.filesError).toBeNull();
    // where the toolchain really is (the official image: /usr/local/go; Debian's package behind a symlink)
    const goRoot = docker('run', '--rm', '--entrypoint', 'readlink', single.imageId!, '-f', '/usr/local/go');
    const sdk = single.findings.find((f) => f.id === 'sdk-in-final-stage' && f.where.path === goRoot)!;
    expect(sdk).toMatchObject({ title: 'The final image ships the Go toolchain', where: { line: 2 } });
    const onEngine = Number(docker('run', '--rm', '--entrypoint', 'sh', single.imageId!, '-c', `find ${goRoot} -type f -printf '%s\\n' | awk '{s+=$1} END {print s}'`));
    expect(sdk.bytes).toBe(onEngine);
    expect(sdk.bytes!).toBeGreaterThan(50_000_000);
    let node = single.tree!;
    for (const part of goRoot.split('/').filter(Boolean)) node = node.children!.find((c) => c.name === part)!;
    expect(node.size).toBe(onEngine);
    expect(single.largestFiles[0]!.size).toBeGreaterThanOrEqual(single.largestFiles[1]!.size);
  });

  it('gives every layer its file changes and gzip size, and every image its efficiency and waste', () => {
    for (const v of analysis.variants) {
      expect(v.compressedBytes!).toBeGreaterThan(0);
      expect(v.compressedBytes!).toBeLessThan(v.sizeBytes!);
      expect(v.efficiency!).toBeGreaterThan(0);
      expect(v.efficiency!).toBeLessThanOrEqual(1);
      expect(v.wastedBytes!).toBeGreaterThanOrEqual(0);
      const real = v.layers.filter((l) => !l.empty);
      expect(real.length).toBeGreaterThan(0);
      for (const layer of real) {
        expect(layer.compressedBytes).not.toBeNull();
        expect(layer.files).not.toBeNull();
      }
      expect(real.reduce((a, l) => a + l.compressedBytes!, 0)).toBe(v.compressedBytes);
    }
    const multi = variant(analysis, 'multi-stage');
    const binary = multi.layers.find((l) => !l.empty && l.createdBy.includes('COPY') && l.createdBy.includes('/go-hello'))!;
    expect(binary.files).toEqual({ added: 1, modified: 0, removed: 0 });
    // Shipshape's own multi-stage file passes its own findings: not root, no SDK
    expect(multi.runsAs).toBe('65532:65532');
    expect(multi.findings).toEqual([]);
    expect(variant(analysis, 'single-stage').findings.map((f) => f.id)).toContain('runs-as-root');
  });

  it('pages the file tree at any layer', async () => {
    const single = variant(analysis, 'single-stage');
    const root = await listFiles(analysis.id, 'single-stage', 'path=/');
    expect(root.status).toBe(200);
    expect(root.body.entries.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(['usr', 'app', 'etc']));
    const sdk = single.findings.find((f) => f.title === 'The final image ships the Go toolchain')!;
    const parent = sdk.where.path!.slice(0, sdk.where.path!.lastIndexOf('/'));
    const name = sdk.where.path!.slice(parent.length + 1);
    const listing = await listFiles(analysis.id, 'single-stage', `path=${parent}`);
    expect(listing.body.entries).toContainEqual(expect.objectContaining({ name, kind: 'dir', sizeBytes: sdk.bytes }));
    const one = await listFiles(analysis.id, 'single-stage', `path=${parent}&limit=1&offset=1`);
    expect(one.body.entries).toHaveLength(1);
    expect(one.body.entries[0]).toEqual(listing.body.entries[1]);
    const bottom = single.layers.length - 1;
    const base = await listFiles(analysis.id, 'single-stage', `path=/&layer=${bottom}`);
    expect(base.body.entries.map((e: { name: string }) => e.name)).not.toContain('app');
    expect((await listFiles(analysis.id, 'single-stage', `layer=${single.layers.length}`)).status).toBe(422);
  });

  it('compares the two variants file by file, and an image on the engine with itself', async () => {
    const single = variant(analysis, 'single-stage');
    const multi = variant(analysis, 'multi-stage');
    const { status, body } = await compare(`${analysis.id}:single-stage`, `${analysis.id}:multi-stage`);
    expect(status).toBe(200);
    expect(body.sizeDeltaBytes).toBe(multi.sizeBytes! - single.sizeBytes!);
    expect(body.files.added).toContainEqual({ path: '/go-hello', sizeBytes: expect.any(Number) });
    expect(body.files.totals.removed).toBeGreaterThan(1000);
    expect(body.files.removed[0].sizeBytes).toBeGreaterThan(1_000_000);
    expect(body.layers.shared).toBe(0);
    const same = await compare(single.imageTag!, `${analysis.id}:single-stage`);
    expect(same.body).toMatchObject({ sizeDeltaBytes: 0, layers: { onlyA: [], onlyB: [] }, files: { totals: { added: 0, removed: 0, changed: 0 } } });
    expect((await compare('no-such-image:nope', analysis.id)).status).toBe(404);
    expect((await compare('', analysis.id)).status).toBe(422);
  }, 60_000);
});

describe('findings proven from the image', () => {
  it(
    'apt lists left, a file deleted in a later layer, a whole build folder copied, root',
    async () => {
      // the Go sample's sources with a Dockerfile full of the usual mistakes
      const files = { ...filesOf(path.join(process.cwd(), 'samples', 'go-hello')), ...filesOf(path.join(process.cwd(), 'tests', 'fixtures', 'go-mistakes')) };
      const analysis = await analyse({ type: 'git', url: gitRepo(files) });
      const own = variant(analysis, 'repository');
      expect(own.status).toBe('succeeded');
      const byId = Object.fromEntries(own.findings.map((f) => [f.id, f]));
      expect(byId['deleted-in-later-layer']).toMatchObject({ bytes: 6 * 1024 * 1024, where: { path: '/tmp/blob' } });
      expect(byId['package-cache-left']).toMatchObject({ where: { path: '/var/lib/apt/lists' } });
      expect(byId['package-cache-left']!.bytes).toBeGreaterThan(1_000_000);
      expect(byId['copies-whole-build-dir']).toMatchObject({ where: { line: 11, path: '/app' } });
      expect(byId['copies-whole-build-dir']!.bytes).toBeGreaterThan(0);
      expect(byId['runs-as-root']).toBeDefined();
      expect(own.wasted[0]).toMatchObject({ path: '/tmp/blob', wastedBytes: 6 * 1024 * 1024 });
      expect(own.wastedBytes!).toBeGreaterThanOrEqual(6 * 1024 * 1024);
    },
    10 * 60_000,
  );

  it(
    'a cgo binary on scratch',
    async () => {
      const analysis = await analyse({ type: 'git', url: fixture('go-cgo') });
      const own = variant(analysis, 'repository');
      const finding = own.findings.find((f) => f.id === 'cgo-binary-on-scratch')!;
      expect(finding).toMatchObject({ where: { path: '/hello' }, title: expect.stringMatching(/^\/hello needs \/lib64\/ld-linux-x86-64\.so\.2/) });
      expect(variant(analysis, 'multi-stage').findings.map((f) => f.id)).not.toContain('cgo-binary-on-scratch');
    },
    10 * 60_000,
  );
});
