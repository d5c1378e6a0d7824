import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { removeAnalysisImages } from '../helpers/docker-cli';
import { tarGzOf } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';
import { writeTree } from '../helpers/write-tree';

// Share links on a team instance, through the real route handlers, a real SQLite file
// and real builds: nothing is public until a member shares; what the link shows signed
// out (the comparison and the file comparison, no build logs unless included); an
// admin's lock; and the "latest" badge, keyed on the repository and on shared analyses.

useFreshSettings({ SINGLE_USER: '0', SHARE_DEFAULT_DAYS: '12' });
const analyses = await import('@/app/api/analyses/route');
const analysisRoute = await import('@/app/api/analyses/[id]/route');
const shareRoute = await import('@/app/api/analyses/[id]/share/route');
const lockRoute = await import('@/app/api/analyses/[id]/share/lock/route');
const sharedJson = await import('@/app/api/share/[token]/route');
const sharedCompare = await import('@/app/api/share/[token]/compare/route');
const compareRoute = await import('@/app/api/compare/route');
const badgeRoute = await import('@/app/s/[token]/badge.svg/route');
const latestBadgeRoute = await import('@/app/s/[token]/latest/badge.svg/route');
const auditRoute = await import('@/app/api/audit/route');
const { createUser } = await import('@/lib/auth/users');
const { createApiToken } = await import('@/lib/auth/api-tokens');
const { getWorker } = await import('@/lib/analyses/analysis-worker');
const { getDb } = await import('@/lib/db');
const { formatBytes } = await import('@/lib/format');
type AnalysisJson = import('@/lib/analyses/analysis-json').AnalysisJson;
type ShareJson = import('@/lib/share/share-json').ShareJson;

const BASE = 'http://shipshape.test';
const created: string[] = [];
afterAll(() => removeAnalysisImages(created));

async function person(email: string, role: 'admin' | 'member' | 'viewer') {
  const user = await createUser({ email, password: 'a long enough password' }, { role });
  return { Authorization: `Bearer ${(await createApiToken(user.id, 'test')).token}` };
}
const ada = await person('ada@example.com', 'admin');
const max = await person('max@example.com', 'member');
const mia = await person('mia@example.com', 'member');
const vic = await person('vic@example.com', 'viewer');

const params = <T extends object>(value: T) => ({ params: Promise.resolve(value) });
const request = (method: string, url: string, auth: Record<string, string> = {}, body?: unknown) =>
  new Request(`${BASE}${url}`, { method, headers: { 'Content-Type': 'application/json', ...auth }, body: body === undefined ? undefined : JSON.stringify(body) });

async function getAnalysis(id: string, auth = max): Promise<AnalysisJson> {
  return (await analysisRoute.GET(request('GET', `/api/analyses/${id}`, auth), params({ id }))).json();
}
async function share(id: string, auth: Record<string, string>, body?: unknown) {
  const response = await shareRoute.POST(request('POST', `/api/analyses/${id}/share`, auth, body), params({ id }));
  return { status: response.status, body: await response.json() };
}
async function revoke(id: string, auth: Record<string, string>) {
  const response = await shareRoute.DELETE(request('DELETE', `/api/analyses/${id}/share`, auth), params({ id }));
  return { status: response.status, body: (await response.json()) as ShareJson };
}
const tokenOf = (url: string) => url.split('/s/')[1]!;
/** Signed out: what anyone with the link gets. */
const outsider = {
  json: (token: string) => sharedJson.GET(new Request(`${BASE}/api/share/${token}`), params({ token })),
  compare: (token: string, a: string, b: string) =>
    sharedCompare.GET(new Request(`${BASE}/api/share/${token}/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`), params({ token })),
  badge: (token: string) => badgeRoute.GET(new Request(`${BASE}/s/${token}/badge.svg`), params({ token })),
  latest: (token: string) => latestBadgeRoute.GET(new Request(`${BASE}/s/${token}/latest/badge.svg`), params({ token })),
};

async function submitJson(auth: Record<string, string>, body: unknown): Promise<string> {
  const response = await analyses.POST(request('POST', '/api/analyses', auth, body), undefined);
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  created.push(id);
  return id;
}

async function upload(auth: Record<string, string>, files: Record<string, string>): Promise<string> {
  const form = new FormData();
  form.set('archive', new Blob([readFileSync(await tarGzOf(writeTree(files), 'app'))]), 'app.tar.gz');
  const response = await analyses.POST(new Request(`${BASE}/api/analyses`, { method: 'POST', body: form, headers: auth }), undefined);
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  created.push(id);
  return id;
}

describe('share links', () => {
  let goId = '';

  it(
    'an analysis has no public link until a member shares it',
    async () => {
      goId = await submitJson(max, { source: { type: 'sample', name: 'go' }, options: { warmRebuild: false } });
      await getWorker().idle();
      const analysis = await getAnalysis(goId);
      expect(analysis.status).toBe('succeeded');
      expect(analysis.shareUrl).toBeNull();
      expect(analysis.share).toMatchObject({ url: null, badgeUrl: null, latestBadgeUrl: null, sharedAt: null, locked: false });

      // the secret made at submission opens nothing, and answers as an unknown token does
      const { shareToken } = await getDb().analysis.findUniqueOrThrow({ where: { id: goId }, select: { shareToken: true } });
      const unknown = await (await outsider.json('x'.repeat(43))).json();
      for (const response of [
        await outsider.json(shareToken),
        await outsider.badge(shareToken),
        await outsider.latest(shareToken),
        await outsider.compare(shareToken, 'single-stage', 'multi-stage'),
      ]) {
        expect(response.status).toBe(404);
        expect(await response.json()).toEqual(unknown);
      }
      // viewers do not share
      expect((await share(goId, vic)).status).toBe(403);
    },
    10 * 60_000,
  );

  it('a shared link expires after SHARE_DEFAULT_DAYS and shows the comparison, the file comparison and no build log, signed out', async () => {
    const made = await share(goId, max);
    expect(made.status).toBe(201);
    const link = made.body as ShareJson;
    expect(link.url).toMatch(new RegExp(`^${BASE}/s/[A-Za-z0-9_-]{43}$`));
    expect(link).toMatchObject({ includeLogs: false, locked: false, revokedAt: null, badgeUrl: `${link.url}/badge.svg` });
    expect(Date.parse(link.expiresAt!) - Date.now()).toBeGreaterThan(12 * 24 * 3600 * 1000 - 60_000);
    expect(Date.parse(link.expiresAt!) - Date.now()).toBeLessThanOrEqual(12 * 24 * 3600 * 1000);
    expect((await getAnalysis(goId)).shareUrl).toBe(link.url);

    const token = tokenOf(link.url!);
    const teamView = await getAnalysis(goId);
    expect(teamView.variants.every((v) => v.log.length > 0)).toBe(true);
    const response = await outsider.json(token);
    expect(response.status).toBe(200);
    const shared = (await response.json()) as AnalysisJson;
    expect(shared.comparison).toEqual(teamView.comparison);
    expect(shared.variants.map((v) => v.log)).toEqual(['', '']);
    const text = JSON.stringify(shared);
    expect(text).not.toContain('max@example.com');
    for (const v of teamView.variants) expect(text).not.toContain(v.log.slice(0, 200));

    // the file comparison, from the token alone, the same as signed in
    const signedIn = await (await compareRoute.GET(request('GET', `/api/compare?a=${goId}:single-stage&b=${goId}:multi-stage`, max), undefined)).json();
    const files = await outsider.compare(token, 'single-stage', 'multi-stage');
    expect(files.status).toBe(200);
    const comparison = await files.json();
    expect(comparison.files).toEqual(signedIn.files);
    expect(comparison.layers).toEqual(signedIn.layers);
    expect(comparison.files.totals.removed).toBeGreaterThan(0);
    expect(comparison.a).toEqual({ ref: 'single-stage', label: 'single-stage', sizeBytes: signedIn.a.sizeBytes });
    expect(JSON.stringify(comparison)).not.toContain(goId);

    // only this analysis's variants: not another analysis, not an image on the engine
    const refused = async (a: string, status: number) => {
      const answer = await outsider.compare(token, a, 'multi-stage');
      expect(answer.status, a).toBe(status);
    };
    await refused('repository', 404);
    await refused(`${goId}:single-stage`, 404);
    await refused('busybox:latest', 404);
    await refused('standin/golang:1.22', 422);
    await refused('', 422);
  }, 60_000);

  it('shows the build logs only when the sharer included them; a new link kills the old one', async () => {
    const before = tokenOf((await getAnalysis(goId)).shareUrl!);
    const made = await share(goId, max, { expiresInDays: null, includeLogs: true });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ expiresAt: null, includeLogs: true });
    expect((await outsider.json(before)).status).toBe(404);
    const shared = (await (await outsider.json(tokenOf(made.body.url))).json()) as AnalysisJson;
    expect(shared.variants.every((v) => v.log.length > 0)).toBe(true);
    expect((await share(goId, max, { expiresInDays: 0 })).status).toBe(422);
    expect((await share(goId, max, { expiresInDays: 366 })).status).toBe(422);
    expect((await share(goId, max, { includeLogs: 'yes' })).status).toBe(422);
  });

  it("an admin's revoke locks sharing: members get 403, admins still share; an explicit lock works the same; all audited", async () => {
    const live = tokenOf((await getAnalysis(goId)).shareUrl!);
    const revoked = await revoke(goId, ada);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ url: null, locked: true });
    expect((await outsider.json(live)).status).toBe(404);

    const refused = await share(goId, max);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({ code: 'share_locked', message: 'An admin locked sharing of this analysis: only an admin can make a new link.' });
    expect((await getAnalysis(goId)).shareUrl).toBeNull();
    // members neither lock nor unlock
    expect((await lockRoute.DELETE(request('DELETE', `/api/analyses/${goId}/share/lock`, max), params({ id: goId }))).status).toBe(403);

    const byAdmin = await share(goId, ada);
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body).toMatchObject({ locked: true });
    expect((await outsider.json(tokenOf(byAdmin.body.url))).status).toBe(200);

    const unlocked = await lockRoute.DELETE(request('DELETE', `/api/analyses/${goId}/share/lock`, ada), params({ id: goId }));
    expect(await unlocked.json()).toMatchObject({ locked: false });
    expect((await share(goId, max)).status).toBe(201);
    // an explicit lock leaves the live link alone and stops members making another
    const locked = await lockRoute.POST(request('POST', `/api/analyses/${goId}/share/lock`, ada), params({ id: goId }));
    const lockedShare = (await locked.json()) as ShareJson;
    expect(lockedShare).toMatchObject({ locked: true });
    expect((await outsider.json(tokenOf(lockedShare.url!))).status).toBe(200);
    expect((await share(goId, max)).status).toBe(403);
    // a member's revoke does not lock
    await lockRoute.DELETE(request('DELETE', `/api/analyses/${goId}/share/lock`, ada), params({ id: goId }));
    expect((await revoke(goId, max)).body).toMatchObject({ url: null, locked: false });

    const events = (
      (await (await auditRoute.GET(request('GET', '/api/audit', ada), undefined)).json()) as { events: { actor: string; action: string; target: string; detail: string | null }[] }
    ).events;
    const said = events.filter((e) => e.target === goId).map((e) => `${e.actor} ${e.action} ${e.detail ?? ''}`.trim());
    expect(said).toEqual(
      expect.arrayContaining([
        'max@example.com share.renew expires in 12 days',
        'max@example.com share.renew no expiry, with build logs',
        'ada@example.com share.revoke',
        'ada@example.com share.lock revoked by an admin',
        'ada@example.com share.unlock',
        'ada@example.com share.lock',
        'max@example.com share.revoke',
      ]),
    );
  });

  it(
    "the latest badge shows the newest shared analysis of the same repository, never someone else's upload of the same name",
    async () => {
      const app = (bytes: number) => ({ Dockerfile: 'FROM scratch\nCOPY payload.bin /\n', 'payload.bin': 'x'.repeat(bytes) });
      const maxFirst = await upload(max, app(2_000));
      await getWorker().idle();
      const miaUpload = await upload(mia, app(30_000));
      await getWorker().idle();
      const maxSecond = await upload(max, app(400_000));
      await getWorker().idle();
      const size = async (id: string) => formatBytes((await getAnalysis(id)).variants.find((v) => v.kind === 'repository')!.sizeBytes!);
      const [first, mias, second] = [await size(maxFirst), await size(miaUpload), await size(maxSecond)];
      expect(new Set([first, mias, second]).size).toBe(3);

      const keys = await getDb().analysis.findMany({ where: { id: { in: [maxFirst, miaUpload, maxSecond] } }, select: { id: true, repositoryKey: true } });
      const key = (id: string) => keys.find((k) => k.id === id)!.repositoryKey;
      expect(key(maxFirst)).toBe('archive:max%40example.com:app.tar.gz');
      expect(key(maxSecond)).toBe(key(maxFirst));
      expect(key(miaUpload)).toBe('archive:mia%40example.com:app.tar.gz');

      const latestOf = async (token: string) => {
        const response = await outsider.latest(token);
        expect(response.status).toBe(200);
        return response.text();
      };
      const maxToken = tokenOf((await share(maxFirst, max)).body.url);
      await share(miaUpload, mia);
      // Mia's upload is newer and shared, but another repository; Max's newer one is not shared
      expect(await latestOf(maxToken)).toContain(first);
      const secondToken = tokenOf((await share(maxSecond, max)).body.url);
      expect(await latestOf(maxToken)).toContain(second);
      expect(await (await outsider.badge(maxToken)).text()).toContain(first);
      // revoked, it drops out of the latest badge again
      await revoke(maxSecond, max);
      expect(await latestOf(maxToken)).toContain(first);
      expect((await outsider.latest(secondToken)).status).toBe(404);
    },
    10 * 60_000,
  );
});
