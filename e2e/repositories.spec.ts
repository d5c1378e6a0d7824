import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';

// A team's repository over time: ten analyses through the CLI, a budget set by a member
// in the browser, and the CLI failing a pipeline when the image grows past it.

const CLI = path.join(process.cwd(), 'bin', 'shipshape.mjs');

test('a member sets a budget, and the CLI fails the pipeline when the image grows past it', async ({ page, baseURL }) => {
  test.setTimeout(15 * 60_000);
  const name = `e2e-budget-${Date.now()}`;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'shipshape-cli-repo-'));
  writeFileSync(path.join(folder, 'Dockerfile'), 'FROM standin/alpine:3.21\nCOPY data /data\n');
  const cli = (...args: string[]) => {
    const run = spawnSync(process.execPath, [CLI, 'analyse', folder, '--repository', name, ...args], {
      encoding: 'utf8',
      env: { ...process.env, SHIPSHAPE_URL: baseURL, GITHUB_STEP_SUMMARY: '' },
      timeout: 5 * 60_000,
    });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  // nine analyses, the data a little larger each time: no rules yet, every run passes
  for (let i = 1; i <= 9; i++) {
    writeFileSync(path.join(folder, 'data'), 'x'.repeat(10_000 * i));
    const run = cli();
    expect(run.stderr).toContain('finished');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('No rules to check');
  }

  // the dashboard lists the repository; its page has the history and the budget form
  await page.goto(`/?q=${name}`);
  await page.getByRole('link', { name }).click();
  await expect(page).toHaveURL(/\/repositories\/[a-z0-9]+$/);
  const repositoryUrl = page.url();
  await expect(page).toHaveTitle(`${name} · Shipshape`);
  await expect(page.getByTestId('history').locator('tbody tr')).toHaveCount(9);
  const form = page.getByTestId('budget-form');
  await form.getByLabel('Image').selectOption('repository');
  await form.getByLabel('Maximum growth (%)').fill('5');
  await form.getByRole('button', { name: 'Save budget' }).click();
  await expect(form).toContainText('Saved.');

  // the tenth commit adds a megabyte: the CLI exits 1 and its summary names the rule
  writeFileSync(path.join(folder, 'data'), 'y'.repeat(1_100_000));
  const summary = path.join(folder, 'summary.md');
  const grown = cli('--markdown', summary, '--fail-on', 'size:repository>1GB');
  expect(grown.code, grown.stderr).toBe(1);
  expect(grown.stdout).toMatch(/FAIL {2}growth \(repository\): repository grew [\d.]+ % \(.+ → .+\) > 5 %/);
  expect(grown.stdout).toContain('pass  size (repository)');
  const markdown = readFileSync(summary, 'utf8');
  expect(markdown).toContain(`### Shipshape: ${name} ❌ over budget`);
  expect(markdown).toMatch(/- ❌ growth \(repository\): repository grew [\d.]+ %/);

  // the repository page: ten analyses in the history and the chart, the newest over budget
  await page.reload();
  const rows = page.getByTestId('history').locator('tbody tr');
  await expect(rows).toHaveCount(10);
  await expect(rows.first()).toContainText('✗ growth');
  await expect(page.getByTestId('history-chart').locator('.recharts-line-dots circle, .recharts-line circle').first()).toBeVisible();
  // two analyses picked: what the newest added, file by file
  await rows.nth(0).getByRole('checkbox').check();
  await rows.nth(1).getByRole('checkbox').check();
  await expect(page.getByTestId('history-compare').getByTestId('compare-summary')).toContainText('changed');
  // and the analysis page says why
  await rows.first().getByRole('link').click();
  await expect(page.getByTestId('verdict')).toContainText('Over the repository’s budget');
  await expect(page.getByTestId('repository-link')).toHaveText(name);
  // shared, it gives the repository page its link and badge (red: over budget)
  await page.getByRole('button', { name: 'Create share link' }).click();
  await expect(page.getByTestId('share-panel')).toContainText('It expires');
  await page.goto(repositoryUrl);
  await expect(page.getByTestId('repository-share').getByRole('link')).toHaveText(/\/s\/[A-Za-z0-9_-]{43}$/);
  const badge = await page.request.get(`${await page.getByTestId('repository-share').getByRole('link').textContent()}/latest/badge.svg`);
  expect(await badge.text()).toContain('over budget');
  await rows.first().getByRole('link').click();

  // two analyses compared from the dashboard: tick the newest two (this repository's last commits), pick the image, open the comparison
  await page.goto('/');
  const recent = page.getByTestId('analyses').locator('tbody tr');
  await recent.nth(0).getByRole('checkbox').check({ timeout: 15_000 });
  await recent.nth(1).getByRole('checkbox').check({ timeout: 15_000 });
  await page.getByLabel('image to compare').selectOption('repository');
  await page.getByTestId('compare-picked').click();
  await expect(page).toHaveURL(/\/compare\?/);
  await expect(page.getByTestId('compare').getByTestId('compare-summary')).toContainText('changed');

  // every page fits a 390 px phone without sideways scrolling (wide tables scroll inside themselves)
  const analysisUrl = page.url();
  await page.setViewportSize({ width: 390, height: 844 });
  for (const url of ['/', `/?q=${name}`, repositoryUrl, analysisUrl, '/new', '/settings', '/compare']) {
    await page.goto(url);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(390);
  }
  await expect(page).toHaveTitle(/ · Shipshape$/);

  // an error is exit code 2, with a message a person can act on
  const broken = spawnSync(process.execPath, [CLI, 'analyse', folder, '--fail-on', 'size<1MB'], { encoding: 'utf8', env: { ...process.env, SHIPSHAPE_URL: baseURL } });
  expect(broken.status).toBe(2);
  expect(broken.stderr).toContain('size rules are written size><limit>');
});
