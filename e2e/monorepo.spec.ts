import path from 'node:path';
import { formatBytes } from '../lib/format';
import { removeAnalysisImages } from '../tests/helpers/docker-cli';
import { filesOf, gitRepo, GO_SAMPLE_DIR } from '../tests/helpers/repos';
import { expect, test } from './fixtures';

// A monorepo whose root builds nothing: the page lists the apps found in its folders, and
// one click analyses each of them on its own; the root's page follows them to their sizes.

const prefixed = (prefix: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([name, content]) => [`${prefix}/${name}`, content]));

test('a monorepo: its apps are listed, each analysed with one click, and their sizes shown on the root’s page', async ({ page, analysisPage }) => {
  test.setTimeout(12 * 60_000);
  const repo = gitRepo({
    'README.md': '# two apps\n',
    ...prefixed('api', filesOf(GO_SAMPLE_DIR)),
    ...prefixed('web', filesOf(path.join(process.cwd(), 'tests', 'fixtures', 'node-npm'))),
  });
  await page.goto('/new');
  const form = page.locator('form').filter({ has: page.getByLabel('Repository URL') });
  await form.getByLabel('Repository URL').fill(repo);
  await form.getByText('Options').click();
  await form.getByLabel('Measure a warm rebuild after a one-line source change').uncheck();
  await form.getByRole('button', { name: 'Analyse', exact: true }).click();
  await analysisPage.waitForResult();
  await expect(analysisPage.status).toHaveAttribute('data-status', 'failed');
  const apps = page.getByTestId('apps');
  await expect(apps.getByRole('heading')).toHaveText('Apps found in its folders');
  await expect(apps.getByTestId('app-api')).toContainText('go');
  await expect(apps.getByTestId('app-web')).toContainText('start');

  await apps.getByRole('button', { name: 'Analyse each app' }).click();
  await expect(page.getByTestId('apps').getByRole('heading')).toHaveText('Apps of this repository, each analysed on its own', { timeout: 60_000 });
  const root = await analysisPage.fetchJson();
  expect(root).toMatchObject({ status: 'succeeded', options: { warmRebuild: false, eachApp: true } });
  const ids = root.apps.map((app) => app.analysisId!);
  try {
    // the table follows the apps' analyses until they end, then shows their sizes
    for (const app of ['api', 'web']) await expect(page.getByTestId(`app-${app}`).locator('[data-status]')).toHaveAttribute('data-status', 'succeeded', { timeout: 8 * 60_000 });
    const finished = await analysisPage.fetchJson();
    for (const app of finished.apps) {
      await expect(page.getByTestId(`app-${app.subdir}`)).toContainText(`${formatBytes(app.singleStageBytes!)} → ${formatBytes(app.multiStageBytes!)}`);
    }
    // an app's page says which analysis it belongs to
    await page.getByTestId('app-api').getByRole('link', { name: 'open' }).click();
    await expect(page).toHaveURL(new RegExp(`/analyses/${ids[0]}(\\?|$)`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(repo);
    await expect(page.getByText('in api ·')).toBeVisible();
    await page.getByTestId('group-link').click();
    await expect(page).toHaveURL(new RegExp(`/analyses/${root.id}(\\?|$)`));
  } finally {
    removeAnalysisImages(ids);
  }
});
