import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { removeAnalysisImages } from '../helpers/docker-cli';
import { OWN_DOCKERFILE_ONLY, tarGzOf } from '../helpers/repos';
import { writeTree } from '../helpers/write-tree';
import { useFreshSettings } from '../helpers/test-settings';

// The JSON API through its real route handlers, on a real SQLite file and engine.

useFreshSettings();
const analyses = await import('@/app/api/analyses/route');
const analysis = await import('@/app/api/analyses/[id]/route');
const dockerfile = await import('@/app/api/analyses/[id]/dockerfiles/[kind]/route');
const share = await import('@/app/api/share/[token]/route');
const shareAnalysis = await import('@/app/api/analyses/[id]/share/route');
const health = await import('@/app/api/health/route');
const { getWorker } = await import('@/lib/analyses/analysis-worker');

const BASE = 'http://shipshape.test';
const created: string[] = [];
afterAll(() => removeAnalysisImages(created));

const post = (body: BodyInit, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  analyses.POST(new Request(`${BASE}/api/analyses`, { method: 'POST', body, headers }), undefined);
const params = <T extends object>(value: T) => ({ params: Promise.resolve(value) });

async function expectError(response: Response, status: number, code: string, message?: RegExp) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  if (message) expect(body.error.message).toMatch(message);
  return body;
}

describe('POST /api/analyses', () => {
  it(
    'answers 202 with an id, and the analysis reaches its result',
    async () => {
      const response = await post(JSON.stringify({ source: { type: 'sample', name: 'go' }, options: { warmRebuild: false } }));
      expect(response.status).toBe(202);
      const { id } = (await response.json()) as { id: string };
      created.push(id);
      expect(response.headers.get('location')).toBe(`/api/analyses/${id}`);

      await getWorker().idle();
      const json = await (await analysis.GET(new Request(`${BASE}/api/analyses/${id}`), params({ id }))).json();
      expect(json).toMatchObject({ id, status: 'succeeded', error: null, stack: { language: 'go' } });
      // nothing is public until someone shares it
      expect(json.shareUrl).toBeNull();
      expect(json.variants.map((v: { kind: string }) => v.kind)).toEqual(['single-stage', 'multi-stage']);
      for (const variant of json.variants) {
        expect(Object.keys(variant)).toEqual(expect.arrayContaining(['kind', 'status', 'dockerfile', 'baseImages', 'imageId', 'sizeBytes', 'buildSeconds', 'layers']));
        expect(variant.sizeBytes).toBeGreaterThan(0);
        expect(variant.buildSeconds).toBeGreaterThan(0);
        expect(Object.keys(variant.layers[0])).toEqual(expect.arrayContaining(['createdBy', 'sizeBytes', 'empty']));
      }
      expect(json.comparison.reductionPercent).toBeGreaterThan(90);

      const made = await shareAnalysis.POST(new Request(`${BASE}/api/analyses/${id}/share`, { method: 'POST' }), params({ id }));
      expect(made.status).toBe(201);
      const { url } = (await made.json()) as { url: string };
      expect(url).toMatch(new RegExp(`^${BASE}/s/[A-Za-z0-9_-]{43}$`));
      const shared = await share.GET(new Request(`${BASE}/api/share/x`), params({ token: url.split('/s/')[1]! }));
      expect((await shared.json()).id).toBe(id);

      const file = await dockerfile.GET(new Request(`${BASE}/x`), params({ id, kind: 'multi-stage' }));
      expect(file.headers.get('content-disposition')).toBe('attachment; filename="Dockerfile.multi-stage"');
      expect(await file.text()).toContain('FROM scratch');

      const list = await (await analyses.GET(new Request(`${BASE}/api/analyses`), undefined)).json();
      expect(list.analyses[0]).toMatchObject({ id, status: 'succeeded', stack: { language: 'go' } });
    },
    10 * 60_000,
  );

  it(
    'takes an archive as the multipart field "archive"',
    async () => {
      const form = new FormData();
      form.set('archive', new Blob([readFileSync(await tarGzOf(writeTree(OWN_DOCKERFILE_ONLY)))]), 'hello.tar.gz');
      form.set('subdir', '');
      const response = await analyses.POST(new Request(`${BASE}/api/analyses`, { method: 'POST', body: form }), undefined);
      expect(response.status).toBe(202);
      const { id } = (await response.json()) as { id: string };
      created.push(id);
      await getWorker().idle();
      const json = await (await analysis.GET(new Request(`${BASE}/api/analyses/${id}`), params({ id }))).json();
      expect(json).toMatchObject({ status: 'succeeded', source: { type: 'archive', label: 'hello.tar.gz' } });
      // the archive's files were built: the image prints the one it copied
      expect(json.variants).toMatchObject([{ kind: 'repository', status: 'succeeded', runCheck: { outcome: 'exited', output: OWN_DOCKERFILE_ONLY['hello.txt'] } }]);
    },
    10 * 60_000,
  );

  it('refuses bad input with 4xx and a message, leaking nothing', async () => {
    await expectError(await post('{not json'), 400, 'invalid_json', /must be JSON/);
    const body = await expectError(await post(JSON.stringify({ source: { type: 'sample', name: 'cobol' } })), 422, 'invalid_input');
    expect(body).toMatchObject({ error: { fields: { 'source.name': [expect.any(String)] } } });
    await expectError(await post(JSON.stringify({ source: { type: 'git', url: 'ftp://x/y' } })), 422, 'invalid_source', /http or https/);
    await expectError(await post(JSON.stringify({ source: { type: 'git', url: '/etc' } })), 422, 'invalid_source', /ALLOW_LOCAL_SOURCES/);
    // private addresses are refused at submission already (and again after redirects when cloning)
    await expectError(
      await post(JSON.stringify({ source: { type: 'git', url: 'http://169.254.169.254/latest/meta-data.git' } })),
      422,
      'invalid_source',
      /private address.*SOURCE_HOST_ALLOWLIST/,
    );
    await expectError(await post(JSON.stringify({ source: { type: 'git', url: 'ssh://git@127.0.0.1/repo.git' } })), 422, 'invalid_source', /private address/);
    await expectError(await post(JSON.stringify({ source: { type: 'git', url: 'ext::sh -c touch% /tmp/pwned' } })), 422, 'invalid_source');
    await expectError(await post(JSON.stringify({ source: { type: 'git', url: 'https://x/y', ref: '--upload-pack=x' } })), 422, 'invalid_input');
    await expectError(await post(JSON.stringify({})), 422, 'invalid_input');
    const form = new FormData();
    form.set('other', 'x');
    await expectError(await analyses.POST(new Request(`${BASE}/api/analyses`, { method: 'POST', body: form }), undefined), 422, 'missing_archive');
    const notArchive = new FormData();
    notArchive.set('archive', new Blob(['hello']), 'notes.txt');
    await expectError(await analyses.POST(new Request(`${BASE}/api/analyses`, { method: 'POST', body: notArchive }), undefined), 422, 'invalid_archive');
  });
});

describe('lookups', () => {
  it('answer 404 for unknown analyses, Dockerfiles and share tokens', async () => {
    await expectError(await analysis.GET(new Request(`${BASE}/api/analyses/nope`), params({ id: 'nope' })), 404, 'not_found', /No analysis with id "nope"/);
    await expectError(await dockerfile.GET(new Request(`${BASE}/x`), params({ id: 'nope', kind: 'single-stage' })), 404, 'not_found');
    await expectError(await share.GET(new Request(`${BASE}/x`), params({ token: 'nope' })), 404, 'not_found', /share link does not exist/);
  });

  it('GET /api/health reports the engine and the database', async () => {
    const response = await health.GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ok: true,
      engine: { reachable: true, version: expect.any(String) },
      database: { kind: process.env.SHIPSHAPE_TEST_DATABASE === 'postgresql' ? 'postgresql' : 'sqlite', reachable: true },
    });
  });
});
