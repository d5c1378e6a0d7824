import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFreshSettings } from '../helpers/test-settings';

// SUBMISSIONS_PER_HOUR counts analyses that were queued: a submission refused as
// invalid (bad JSON, a refused URL, an upload that is not an archive) gives its count
// back. No worker runs here: what is queued stays queued.

const dataDir = useFreshSettings({ SUBMISSIONS_PER_HOUR: '2', RUN_WORKER: '0' });
const analyses = await import('@/app/api/analyses/route');

const post = (body: BodyInit, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  analyses.POST(new Request('http://shipshape.test/api/analyses', { method: 'POST', body, headers }), undefined);

describe('the hourly submission quota', () => {
  it('is not used up by invalid submissions: three refused, then two valid ones are queued, and the third valid one waits', async () => {
    const notArchive = new FormData();
    notArchive.set('archive', new Blob(['hello']), 'notes.txt');
    const refused = [await post('{not json'), await post(JSON.stringify({ source: { type: 'git', url: 'ftp://example.com/r.git' } })), await post(notArchive, {})];
    expect(refused.map((r) => r.status)).toEqual([400, 422, 422]);
    expect(readdirSync(path.join(dataDir, 'uploads'))).toEqual([]); // the refused upload was removed

    const sample = JSON.stringify({ source: { type: 'sample', name: 'go' }, options: { warmRebuild: false } });
    expect((await post(sample)).status).toBe(202);
    expect((await post(sample)).status).toBe(202);
    const third = await post(sample);
    expect(third.status).toBe(429);
    expect((await third.json()).error.message).toMatch(/submitted 2 analyses in the last hour.*SUBMISSIONS_PER_HOUR/);
  });
});
