import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeAnalysisImages } from '../helpers/docker-cli';
import { filesOf, gitRepo, GO_SAMPLE_DIR, tarGzOf } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';
import { writeTree } from '../helpers/write-tree';

// A monorepo whose root builds nothing: its apps are listed, and with "eachApp" each is
// analysed on its own (built, run and measured for real), grouped under the root's analysis.

useFreshSettings({ ALLOW_LOCAL_SOURCES: '1' });
const { createAnalysis } = await import('@/lib/analyses/create-analysis');
const { getAnalysisOrThrow } = await import('@/lib/analyses/queries');
const { getWorker } = await import('@/lib/analyses/analysis-worker');
const { toAnalysisJson, toSharedAnalysisJson } = await import('@/lib/analyses/analysis-json');
const { getDb } = await import('@/lib/db');

const created: string[] = [];
afterAll(() => removeAnalysisImages(created));

const prefixed = (prefix: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([name, content]) => [`${prefix}/${name}`, content]));
const MONOREPO = {
  'README.md': '# two apps\n',
  ...prefixed('api', filesOf(GO_SAMPLE_DIR)),
  ...prefixed('web', filesOf(path.join(process.cwd(), 'tests', 'fixtures', 'node-npm'))),
};

async function json(id: string) {
  return toAnalysisJson(await getAnalysisOrThrow(id), 'http://localhost');
}

describe('a monorepo', () => {
  it('lists its apps when analysed at the root, and says how to analyse one or each', async () => {
    const { id } = await createAnalysis({ type: 'git', url: gitRepo(MONOREPO) }, { warmRebuild: false });
    created.push(id);
    await getWorker().idle();
    const root = await json(id);
    expect(root.status).toBe('failed');
    expect(root.error).toMatch(
      /its folders hold 2 apps: api \(Go, runs \.\), web \(Node\.js, runs start\)\. Analyse one with "subdir" .* or each of them with the option "eachApp"/,
    );
    expect(root.apps.map(({ subdir, language, analysisId, status }) => ({ subdir, language, analysisId, status }))).toEqual([
      { subdir: 'api', language: 'go', analysisId: null, status: null },
      { subdir: 'web', language: 'node', analysisId: null, status: null },
    ]);
  }, 120_000);

  it('with eachApp, analyses each app of an upload on its own, grouped under the root; the page lists their sizes', async () => {
    const archive = readFileSync(await tarGzOf(writeTree(MONOREPO)));
    const { id } = await createAnalysis({ type: 'archive', filename: 'monorepo.tar.gz', bytes: archive, repository: 'acme/monorepo' }, { warmRebuild: false, eachApp: true });
    created.push(id);
    await getWorker().idle();
    const root = await json(id);
    expect(root.status, root.error ?? '').toBe('succeeded');
    expect(root.variants).toEqual([]);
    expect(root.notes).toContainEqual({ topic: 'apps', message: "Nothing to build at the repository's root: each of its 2 apps is analysed on its own (api, web)." });
    expect(root.apps).toHaveLength(2);
    for (const app of root.apps) {
      expect(app.analysisId).toBeTruthy();
      created.push(app.analysisId!);
      const member = await json(app.analysisId!);
      // each app: built from its own copy of the upload, at its folder, of a repository of its own
      expect(member.status, member.error ?? '').toBe('succeeded');
      expect(member.source).toMatchObject({ type: 'archive', label: 'monorepo.tar.gz', subdir: app.subdir });
      expect(member.options).toEqual({ warmRebuild: false });
      expect(member.group).toEqual({ id, label: 'monorepo.tar.gz' });
      expect(member.repository?.name).toBe(`acme/monorepo · ${app.subdir}`);
      expect(member.stack?.language).toBe(app.language);
      // the root's list shows the sizes the app's analysis has, as the engine reported them
      expect(app.status).toBe('succeeded');
      expect(app.singleStageBytes).toBe(member.comparison?.singleStageBytes);
      expect(app.multiStageBytes).toBe(member.comparison?.multiStageBytes);
      expect(app.multiStageBytes!).toBeLessThan(app.singleStageBytes!);
      // and its multi-stage image runs: the server like its single-stage twin, the program without its dev dependencies
      const multi = member.variants.find((v) => v.kind === 'multi-stage')!;
      if (app.subdir === 'api') expect(multi.runCheckComparisons.find((r) => r.against === 'single-stage')?.same).toBe(true);
      else expect(multi.runCheck).toMatchObject({ outcome: 'exited', exitCode: 0, output: expect.stringContaining('(dev dependencies absent)') });
    }
    // every copy of the upload went when its analysis ended
    expect(await getDb().uploadChunk.count({ where: { analysisId: { in: [id, ...root.apps.map((a) => a.analysisId!)] } } })).toBe(0);
    // a share link of the root shows the list, not the links to the team's other analyses
    const shared = toSharedAnalysisJson(await getAnalysisOrThrow(id), 'http://localhost');
    expect(shared.apps.map((a) => a.analysisId)).toEqual([null, null]);
    expect(shared.apps.map((a) => a.status)).toEqual(['succeeded', 'succeeded']);
  }, 600_000);
});
