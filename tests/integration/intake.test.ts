import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { docker, removeAnalysisImages } from '../helpers/docker-cli';
import { filesOf, gitRepo, GO_SAMPLE_DIR, OWN_DOCKERFILE_ONLY, rawTarGz, tarGzOf, zipOf } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';

// Every way a repository comes in, and every way it can go wrong, through the real
// pipeline: clone or unpack, detect, build on the engine, store. Where only the intake is
// in question, the repository is one with its own Dockerfile alone (built in seconds).

useFreshSettings({ ALLOW_LOCAL_SOURCES: '1' });
const { createAnalysis } = await import('@/lib/analyses/create-analysis');
const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');
const { getWorker } = await import('@/lib/analyses/analysis-worker');
const { toAnalysisJson } = await import('@/lib/analyses/analysis-json');
type Submission = Parameters<typeof createAnalysis>[0];

const created: string[] = [];
afterAll(() => removeAnalysisImages(created));

// The warm rebuild is measured elsewhere (stacks.test.ts); intake tests skip it.
async function analyse(submission: Submission) {
  const { id } = await createAnalysis(submission, { warmRebuild: false });
  created.push(id);
  await getWorker().idle();
  return getAnalysisOrThrow(id);
}

const sample = filesOf(GO_SAMPLE_DIR);

/** The repository's own Dockerfile alone was built, from the files that came in: its image prints them. */
function expectBuiltFromTheFiles(analysis: Awaited<ReturnType<typeof analyse>>) {
  expect(analysis.variants.map((v) => v.kind)).toEqual(['repository']);
  expect(analysis.variants[0]!.runCheck).toMatchObject({ outcome: 'exited', exitCode: 0, output: OWN_DOCKERFILE_ONLY['hello.txt'] });
}
const LONG = 10 * 60_000;

describe('git sources', () => {
  it(
    'clones a branch and builds the service in a subfolder',
    async () => {
      const repo = gitRepo({ 'README.md': '# monorepo\n' }, Object.fromEntries(Object.entries(OWN_DOCKERFILE_ONLY).map(([k, v]) => [`services/hello/${k}`, v])));
      const analysis = await analyse({ type: 'git', url: `file://${repo}`, ref: 'feature', subdir: 'services/hello' });
      expect(analysis.error).toBeNull();
      expect(analysis.status).toBe('succeeded');
      expect(analysis).toMatchObject({ sourceRef: 'feature', sourceSubdir: 'services/hello' });
      expectBuiltFromTheFiles(analysis);
    },
    LONG,
  );

  it('fails with a reason when the ref does not exist', async () => {
    const analysis = await analyse({ type: 'git', url: gitRepo(sample), ref: 'no-such-branch' });
    expect(analysis.status).toBe('failed');
    expect(analysis.error).toBe(`The ref "no-such-branch" does not exist in ${analysis.sourceLabel}. Check the branch, tag or commit name.`);
  });

  it('fails with a reason when the repository cannot be cloned', async () => {
    const analysis = await analyse({ type: 'git', url: '/nonexistent/repo' });
    expect(analysis.status).toBe('failed');
    expect(analysis.error).toMatch(/^Could not clone \/nonexistent\/repo: the repository was not found/);
  });

  it('fails with what was looked for when nothing is recognisable', async () => {
    const analysis = await analyse({ type: 'git', url: gitRepo({ 'README.md': '# docs only\n' }) });
    expect(analysis.status).toBe('failed');
    expect(analysis.error).toMatch(/No supported stack found\. Looked for: go\.mod/);
    expect(analysis.variants).toEqual([]);
  });

  it(
    'succeeds on the generated variants when the repository Dockerfile does not parse, and warns why',
    async () => {
      const analysis = await analyse({ type: 'git', url: gitRepo({ ...sample, Dockerfile: 'FROM golang:1.22\nFLY away\n' }) });
      // the analysis is Shipshape's Dockerfiles: they built, so it succeeded
      expect(analysis.status).toBe('succeeded');
      expect(analysis.error).toBeNull();
      const own = analysis.variants.find((v) => v.kind === 'repository')!;
      expect(own.status).toBe('failed');
      expect(own.error).toMatch(/^The Dockerfile is not valid: .*unknown instruction: FLY/i);
      expect(analysis.variants.filter((v) => v.kind !== 'repository').every((v) => v.status === 'succeeded')).toBe(true);
      const json = toAnalysisJson(analysis, 'http://localhost');
      expect(json.warnings).toContainEqual({
        topic: 'repository',
        message: expect.stringMatching(/^The repository's own Dockerfile did not build \(The Dockerfile is not valid: .*FLY/),
      });
    },
    LONG,
  );

  it('fails when subdir is not in the repository', async () => {
    const analysis = await analyse({ type: 'git', url: gitRepo(sample), subdir: 'services/missing' });
    expect(analysis.error).toBe('The folder "services/missing" does not exist in the repository. Check "subdir".');
  });
});

describe('archives', () => {
  it(
    'builds a .zip upload',
    async () => {
      const file = await zipOf(OWN_DOCKERFILE_ONLY);
      const analysis = await analyse({ type: 'archive', filename: 'hello.zip', bytes: readFileSync(file) });
      expect(analysis.error).toBeNull();
      expect(analysis.status).toBe('succeeded');
      expect(analysis.sourceLabel).toBe('hello.zip');
      expectBuiltFromTheFiles(analysis);
    },
    LONG,
  );

  it(
    'keeps the log and the reason of a compile error, and tags no image',
    async () => {
      const broken = { ...sample, 'main.go': sample['main.go']!.replace('func main() {', 'func main() {\n\tundefinedCall()') };
      const dir = (await import('../helpers/write-tree')).writeTree(broken);
      const analysis = await analyse({ type: 'archive', filename: 'broken.tar.gz', bytes: readFileSync(await tarGzOf(dir)) });
      expect(analysis.status).toBe('failed');
      expect(analysis.error).toMatch(/The single-stage build failed\. The step `RUN go build -o go-hello \.` failed with exit code 1/);
      for (const variant of analysis.variants) {
        expect(variant.status).toBe('failed');
        expect(variant.log).toContain('undefined: undefinedCall');
        expect(variant.imageId).toBeNull();
      }
      expect(docker('image', 'ls', '-q', '--filter', `label=io.shipshape.analysis=${analysis.id}`)).toBe('');
    },
    LONG,
  );

  it('refuses archives whose entries point outside', async () => {
    for (const entries of [
      [
        { name: 'go.mod', content: 'module m\n' },
        { name: '../escape.txt', content: 'x' },
      ],
      [
        { name: 'go.mod', content: 'module m\n' },
        { name: 'passwd', linkTo: '/etc/passwd' },
      ],
      [
        { name: 'go.mod', content: 'module m\n' },
        { name: 'up', linkTo: '../../..' },
      ],
    ]) {
      const analysis = await analyse({ type: 'archive', filename: 'hostile.tar.gz', bytes: readFileSync(await rawTarGz(entries)) });
      expect(analysis.status).toBe('failed');
      expect(analysis.error).toMatch(/points outside the archive/);
    }
  });

  it('refuses what is not an archive', async () => {
    await expect(createAnalysis({ type: 'archive', filename: 'notes.txt', bytes: Buffer.from('hi') })).rejects.toThrow(/Upload a \.tar\.gz, \.tgz or \.zip/);
    const analysis = await analyse({ type: 'archive', filename: 'fake.zip', bytes: Buffer.from('not a zip at all') });
    expect(analysis.status).toBe('failed');
    expect(analysis.error).toMatch(/not a readable \.zip file/);
  });
});
