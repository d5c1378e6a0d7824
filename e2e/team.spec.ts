import { XMLValidator } from 'fast-xml-parser';
import type { AnalysisJson } from '../lib/analyses/analysis-json';
import { formatBytes } from '../lib/format';
import { removeAnalysisImages } from '../tests/helpers/docker-cli';
import { gitRepo } from '../tests/helpers/repos';
import { expect, test } from './fixtures';
import { OwnServer } from './helpers/own-server';

// A team instance with accounts (a server of its own, fresh): the first visitor makes
// the admin, who invites a member and a viewer; the member analyses a repository and
// shares it; an outsider sees the shared page and the badge and nothing else; the admin
// revokes the link, which locks sharing for members.

const server = new OwnServer(3112, { SINGLE_USER: '0' });
test.beforeAll(async () => server.start());
test.afterAll(async () => server.dispose());

async function fillAccount(page: import('@playwright/test').Page, email: string, password: string, name?: string) {
  if (name) await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
}

test('first run, invites and roles, and what an outsider sees', async ({ browser }) => {
  test.setTimeout(5 * 60_000);
  const base = server.base;
  const ids: string[] = [];

  // The first visitor of a fresh instance becomes its admin.
  const adminContext = await browser.newContext({ baseURL: base });
  const admin = await adminContext.newPage();
  await admin.goto('/');
  await expect(admin).toHaveURL(/\/setup$/);
  await fillAccount(admin, 'ada@example.com', 'correct horse battery', 'Ada');
  await admin.getByRole('button', { name: 'Create admin account' }).click();
  await expect(admin.getByTestId('signed-in-as')).toHaveText('ada@example.com · admin');
  await admin.goto('/setup');
  await expect(admin).toHaveURL(`${base}/`); // setup is over

  // Invites: one for a member, one for a viewer.
  const invite = async (role: string) => {
    await admin.goto('/team');
    await admin.getByLabel('Role of the invited person').selectOption(role);
    await admin.getByRole('button', { name: 'Create invite link' }).click();
    const url = await admin.getByLabel('Invite link').inputValue();
    expect(url).toMatch(new RegExp(`^${base}/join/[A-Za-z0-9_-]{32}$`));
    return url;
  };
  const memberInvite = await invite('member');
  const viewerInvite = await invite('viewer');

  const join = async (url: string, email: string) => {
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    await page.goto(url);
    await fillAccount(page, email, 'a long enough password', email.split('@')[0]);
    await page.getByRole('button', { name: 'Join' }).click();
    await expect(page.getByTestId('signed-in-as')).toContainText(email);
    return { context, page };
  };
  const member = await join(memberInvite, 'max@example.com');
  await expect(member.page.getByTestId('signed-in-as')).toHaveText('max@example.com · member');
  // an invite works once
  const again = await (await browser.newContext({ baseURL: base })).newPage();
  await again.goto(memberInvite);
  await expect(again.getByRole('alert').filter({ hasText: 'This invite link is not valid' })).toBeVisible();

  // The member submits a repository through the form.
  const repo = gitRepo({ Dockerfile: 'FROM scratch\nCOPY hello.txt /\n', 'hello.txt': 'hello from the team\n' });
  await member.page.goto('/new');
  await member.page.getByLabel('Repository URL').fill(repo);
  await member.page.locator('form').filter({ hasText: 'From a git URL' }).getByRole('button', { name: 'Analyse' }).click();
  await expect(member.page).toHaveURL(/\/analyses\/[a-z0-9]+$/);
  const id = /\/analyses\/([a-z0-9]+)$/.exec(member.page.url())![1]!;
  ids.push(id);
  await expect(member.page.getByTestId('analysis-status').locator('[data-status]')).toHaveAttribute('data-status', 'succeeded', { timeout: 120_000 });
  const analysis = (await (await member.page.request.get(`/api/analyses/${id}`)).json()) as AnalysisJson;
  const size = formatBytes(analysis.variants[0]!.sizeBytes!);

  // No link until the member shares it.
  expect(analysis.shareUrl).toBeNull();
  await expect(member.page.getByTestId('share-dead')).toContainText('Not shared');
  await expect(member.page.locator('#share-url')).toHaveCount(0);
  await expect(member.page.getByRole('button', { name: 'Lock sharing' })).toHaveCount(0);
  await member.page.getByRole('button', { name: 'Create share link' }).click();

  // An outsider: the share page and the badge, nothing else (no build log).
  const shareUrl = await member.page.locator('#share-url').inputValue();
  const outsiderContext = await browser.newContext({ baseURL: base });
  const outsider = await outsiderContext.newPage();
  await outsider.goto(shareUrl);
  await expect(outsider.getByTestId(`size-repository`)).toHaveText(size);
  await expect(outsider.getByRole('navigation')).toHaveCount(0);
  await expect(outsider.getByText('Build log', { exact: true })).toHaveCount(0);
  await expect(outsider.getByTestId('log-withheld-repository')).toBeVisible();
  const badge = await outsider.request.get(`${shareUrl}/badge.svg`);
  expect(badge.status()).toBe(200);
  const svg = await badge.text();
  expect(XMLValidator.validate(svg)).toBe(true);
  expect(svg).toContain(size);
  await outsider.goto('/');
  await expect(outsider).toHaveURL(/\/sign-in$/);
  expect((await outsider.request.get('/api/analyses')).status()).toBe(401);
  expect((await outsider.request.get(`/api/analyses/${id}`)).status()).toBe(401);

  // An admin revokes it: the link is a 404 for the outsider, and sharing is locked.
  await admin.goto(`/analyses/${id}`);
  await admin.getByRole('button', { name: 'Revoke link' }).click();
  await expect(admin.getByTestId('share-dead')).toContainText('Revoked');
  await expect(admin.getByTestId('share-locked')).toBeVisible();
  expect((await outsider.request.get(shareUrl)).status()).toBe(404);
  expect((await outsider.request.get(`${shareUrl}/badge.svg`)).status()).toBe(404);

  // The member cannot share it again: the page says why, and the API answers 403.
  await member.page.reload();
  await expect(member.page.getByTestId('share-locked')).toContainText('An admin locked sharing');
  await expect(member.page.getByRole('button', { name: 'Create share link' })).toHaveCount(0);
  const reshare = await member.page.request.post(`/api/analyses/${id}/share`, { data: {} });
  expect(reshare.status()).toBe(403);
  expect((await reshare.json()).error.message).toBe('An admin locked sharing of this analysis: only an admin can make a new link.');
  // until an admin unlocks it
  await admin.getByRole('button', { name: 'Unlock sharing' }).click();
  await expect(admin.getByTestId('share-locked')).toHaveCount(0);
  await member.page.reload();
  await expect(member.page.getByRole('button', { name: 'Create share link' })).toBeVisible();

  // The viewer reads but cannot submit.
  const viewer = await join(viewerInvite, 'vic@example.com');
  await expect(viewer.page.getByTestId('signed-in-as')).toHaveText('vic@example.com · viewer');
  await expect(viewer.page.getByRole('button', { name: 'Try the Go sample' })).toHaveCount(0);
  await expect(viewer.page.getByTestId('analyses')).toContainText(repo);
  await viewer.page.goto('/new');
  await expect(viewer.page.getByRole('alert').filter({ hasText: 'Your role (viewer) can read analyses but not submit them' })).toBeVisible();
  const refused = await viewer.page.request.post('/api/analyses', { data: { source: { type: 'git', url: repo } } });
  expect(refused.status()).toBe(403);

  // The admin sees who did what.
  await admin.goto('/team');
  const audit = admin.getByTestId('audit');
  await expect(audit).toContainText('max@example.com');
  await expect(audit).toContainText('analysis.submit');
  await expect(audit).toContainText('share.renew');
  await expect(audit).toContainText('share.revoke');
  await expect(audit).toContainText('share.lock');
  await expect(audit).toContainText('share.unlock');
  await expect(audit).toContainText('user.join');

  // Pages carry a CSP with a nonce, and may not be framed.
  const response = await outsider.request.get('/sign-in');
  expect(response.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(response.headers()['x-frame-options']).toBe('DENY');

  removeAnalysisImages(ids);
});
