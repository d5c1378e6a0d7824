import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labelledImageIds, removeAnalysisImages } from '../helpers/docker-cli';
import { gitRepo } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';

// Repositories, budgets and verdicts through the real route handlers: a repository whose
// own Dockerfile grows from one commit to the next, built for real.

useFreshSettings({ ALLOW_LOCAL_SOURCES: '1' });
const analyses = await import('@/app/api/analyses/route');
const analysisRoute = await import('@/app/api/analyses/[id]/route');
const repositories = await import('@/app/api/repositories/route');
const repositoryRoute = await import('@/app/api/repositories/[id]/route');
const budgetRoute = await import('@/app/api/repositories/[id]/budget/route');
const { getWorker } = await import('@/lib/analyses/analysis-worker');

const BASE = 'http://shipshape.test';
const created: string[] = [];
afterAll(() => removeAnalysisImages(created));
const params = <T extends object>(value: T) => ({ params: Promise.resolve(value) });

const repo = gitRepo({ Dockerfile: 'FROM standin/alpine:3.21\nCOPY data /data\n', data: 'x'.repeat(10_000) });
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: repo, encoding: 'utf8' }).trim();

async function analyse(url: string) {
  const response = await analyses.POST(
    new Request(`${BASE}/api/analyses`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ source: { type: 'git', url }, options: { warmRebuild: false } }),
    }),
    undefined,
  );
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  created.push(id);
  await getWorker().idle();
  return (await analysisRoute.GET(new Request(`${BASE}/api/analyses/${id}`), params({ id }))).json();
}

let grown = '';

describe('a repository over time', () => {
  it(
    'groups the analyses of one repository however its URL is written, records each commit, and holds each to the budget',
    async () => {
      const first = await analyse(repo);
      expect(first.status).toBe('succeeded');
      expect(first.repository).toEqual({ id: expect.any(String), name: expect.stringContaining(path.basename(repo)) });
      expect(first.commit).toEqual({ sha: git('rev-parse', 'HEAD'), subject: 'first' });
      expect(first.verdict).toBeNull();

      // a member sets a budget: 5 % growth at most of the repository's own image
      const id = first.repository.id as string;
      const put = await budgetRoute.PUT(
        new Request(`${BASE}/api/repositories/${id}/budget`, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ maxGrowth: { variant: 'repository', percent: 5 } }),
        }),
        params({ id }),
      );
      expect(put.status).toBe(200);
      expect((await put.json()).budget).toMatchObject({ maxGrowth: { variant: 'repository', percent: 5 } });
      const refused = await budgetRoute.PUT(
        new Request(`${BASE}/api/repositories/${id}/budget`, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ maxGrowth: { percent: 'lots' } }),
        }),
        params({ id }),
      );
      expect(refused.status).toBe(422);

      // the next commit grows the image by 1 MB; the same repository, written another way
      writeFileSync(path.join(repo, 'data'), 'y'.repeat(1_000_000));
      git('commit', '-qam', 'Grow the data');
      const second = await analyse(`file://${repo}/`);
      expect(second.repository.id).toBe(id);
      expect(second.commit).toEqual({ sha: git('rev-parse', 'HEAD'), subject: 'Grow the data' });
      const own = (a: { variants: { kind: string; sizeBytes: number }[] }) => a.variants.find((v) => v.kind === 'repository')!.sizeBytes;
      expect(own(second) - own(first)).toBeGreaterThan(900_000);
      expect(second.verdict).toMatchObject({
        pass: false,
        baseline: { analysisId: first.id, sizes: { repository: own(first) } },
        checks: [{ rule: 'growth', variant: 'repository', limit: 5, pass: false }],
      });
      expect(second.verdict.checks[0].actual).toBeCloseTo(((own(second) - own(first)) / own(first)) * 100, 6);

      // the list and the repository's history
      const list = await (await repositories.GET(new Request(`${BASE}/api/repositories?q=${encodeURIComponent(path.basename(repo))}`), undefined)).json();
      expect(list.repositories).toHaveLength(1);
      expect(list.repositories[0]).toMatchObject({ id, latest: { analysisId: second.id, verdict: { pass: false } } });
      expect(list.repositories[0].trend).toHaveLength(2);
      expect(list.nextCursor).toBeNull();
      const detail = await (await repositoryRoute.GET(new Request(`${BASE}/api/repositories/${id}`), params({ id }))).json();
      expect(detail.history.map((h: { analysisId: string; commit: { subject: string } }) => [h.analysisId, h.commit.subject])).toEqual([
        [first.id, 'first'],
        [second.id, 'Grow the data'],
      ]);
      const missing = await repositoryRoute.GET(new Request(`${BASE}/api/repositories/nope`), params({ id: 'nope' }));
      expect(missing.status).toBe(404);
      grown = second.id;
    },
    10 * 60_000,
  );

  it('filters the list on each repository’s newest analysis, and sorts it', async () => {
    const { ensureRepository } = await import('@/lib/repositories/repositories');
    await ensureRepository('named:never-analysed', { type: 'named', name: 'never-analysed' });
    const list = async (query: string) =>
      ((await (await repositories.GET(new Request(`${BASE}/api/repositories?${query}`), undefined)).json()) as { repositories: { name: string }[] }).repositories.map(
        (r) => r.name,
      );
    const gitName = expect.stringContaining(path.basename(repo));
    expect(await list('overBudget=1')).toEqual([gitName]);
    expect(await list('status=succeeded')).toEqual([gitName]);
    expect(await list('status=failed')).toEqual([]);
    expect(await list('stack=go')).toEqual([]);
    // the analysed repository first when sorted by its last run or its size; never analysed ones last
    expect((await list('sort=recent'))[0]).toEqual(gitName);
    expect((await list('sort=size')).at(-1)).not.toEqual(gitName);
    expect(await list('sort=name')).toEqual([...(await list('sort=name'))].sort((a, b) => a.localeCompare(b)));
    const refused = await repositories.GET(new Request(`${BASE}/api/repositories?status=exploded`), undefined);
    expect(refused.status).toBe(422);
    const badCursor = await repositories.GET(new Request(`${BASE}/api/repositories?cursor=not-ours`), undefined);
    expect(badCursor.status).toBe(422);
  });

  it('downloads the repositories, a history and an image’s layers and files as CSV or JSON, and describes the API', async () => {
    const exportAll = await import('@/app/api/repositories/export/route');
    const exportHistory = await import('@/app/api/repositories/[id]/export/route');
    const exportVariant = await import('@/app/api/analyses/[id]/variants/[kind]/export/route');
    const openapi = await import('@/app/api/openapi.json/route');
    const csv = await exportAll.GET(new Request(`${BASE}/api/repositories/export?format=csv&overBudget=1`), undefined);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="repositories.csv"');
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,name,url,subdir,latestAnalysisId,latestStatus,latestAt,commit,singleStageBytes,multiStageBytes,repositoryBytes,multiStageCompressedBytes,budgetPass');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(grown);
    expect(lines[1]).toMatch(/,false$/);
    const repositoryId = lines[1]!.split(',')[0]!;
    const history = await (await exportHistory.GET(new Request(`${BASE}/api/repositories/${repositoryId}/export?format=json`), params({ id: repositoryId }))).json();
    expect(history.history.map((h: { analysisId: string }) => h.analysisId)).toContain(grown);
    const layers = await (
      await exportVariant.GET(new Request(`${BASE}/api/analyses/${grown}/variants/repository/export?what=layers`), params({ id: grown, kind: 'repository' }))
    ).text();
    expect(layers.split('\r\n')[0]).toBe('position,createdBy,sizeBytes,compressedBytes,empty,diffId,filesAdded,filesModified,filesRemoved');
    const files = await (
      await exportVariant.GET(new Request(`${BASE}/api/analyses/${grown}/variants/repository/export?what=files&format=json`), params({ id: grown, kind: 'repository' }))
    ).json();
    expect(files.files.find((f: { path: string }) => f.path === '/data')).toMatchObject({ type: 'file', sizeBytes: 1_000_000 });
    const doc = await (await openapi.GET(new Request(`${BASE}/api/openapi.json`), undefined)).json();
    expect(doc).toMatchObject({ openapi: '3.1.0', servers: [{ url: BASE }] });
  });

  it('an analysis is deleted by its submitter or an admin: its images leave the engine, its numbers the database', async () => {
    const { deleteAnalysis } = await import('@/lib/analyses/delete-analysis');
    expect(labelledImageIds(grown).length).toBeGreaterThan(0);
    const member = { id: 'u1', email: 'someone-else@example.com', name: 'Someone', role: 'member' as const, via: 'session' as const };
    await expect(deleteAnalysis(grown, member)).rejects.toThrow('Only whoever submitted an analysis, or an admin, can delete it.');
    const deleted = await analysisRoute.DELETE(new Request(`${BASE}/api/analyses/${grown}`, { method: 'DELETE' }), params({ id: grown }));
    expect(deleted.status).toBe(204);
    expect(labelledImageIds(grown)).toEqual([]);
    expect((await analysisRoute.GET(new Request(`${BASE}/api/analyses/${grown}`), params({ id: grown }))).status).toBe(404);
    const again = await analysisRoute.DELETE(new Request(`${BASE}/api/analyses/${grown}`, { method: 'DELETE' }), params({ id: grown }));
    expect(again.status).toBe(404);
  });

  it('pages the list with a cursor, and finds names whatever their case', async () => {
    const { ensureRepository } = await import('@/lib/repositories/repositories');
    for (const name of ['page-a', 'page-b', 'page-c']) await ensureRepository(`named:${name}`, { type: 'named', name });
    const page = async (cursor?: string) => (await repositories.GET(new Request(`${BASE}/api/repositories?q=PAGE-&limit=2${cursor ? `&cursor=${cursor}` : ''}`), undefined)).json();
    const one = await page();
    expect(one.repositories.map((r: { name: string }) => r.name)).toEqual(['page-a', 'page-b']);
    const two = await page(one.nextCursor);
    expect(two.repositories.map((r: { name: string }) => r.name)).toEqual(['page-c']);
    expect(two.nextCursor).toBeNull();
  });
});
