import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatBytes } from '../lib/format';
import { expect, test } from './fixtures';

// An image that exists already, through the form: a `docker save` file is uploaded and
// analysed as it is, and a reference that is not one is refused with the reason; the CLI
// gates an image the same way.

const CLI = path.join(process.cwd(), 'bin', 'shipshape.mjs');

test('a docker save file uploaded through the form is analysed as it is, with its layers and files', async ({ page, analysisPage, engine }) => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-e2e-save-')), 'alpine.tar');
  engine.cli('save', '-o', file, 'standin/alpine:3.21');
  await page.goto('/new');
  const form = page.getByRole('form', { name: 'Image from a docker save file' });
  await form.getByLabel('docker save file').setInputFiles(file);
  await form.getByRole('button', { name: 'Upload and analyse the image' }).click();
  await expect(page).toHaveURL(/\/analyses\/[a-z0-9]+$/);
  await analysisPage.waitForResult();
  const analysis = await analysisPage.fetchJson();
  expect(analysis).toMatchObject({ status: 'succeeded', source: { type: 'image-archive', label: 'alpine.tar' } });
  const image = analysis.variants.find((v) => v.kind === 'image')!;
  expect(image.sizeBytes).toBe(engine.imageSize(image.imageId!));
  await expect(analysisPage.headline).toContainText(`${formatBytes(image.sizeBytes!)} unpacked`);
  await expect(page.getByTestId('size-image')).toHaveText(formatBytes(image.sizeBytes!));
  // no build: no Dockerfile to show
  await expect(page.getByTestId('variant-image').getByRole('heading', { name: 'Dockerfile' })).toHaveCount(0);
  const browser = page.getByTestId('layer-browser');
  await expect(browser.locator('[data-entry="etc"]')).toBeVisible();
});

test('an image reference that is not one is refused on the form with the reason', async ({ page }) => {
  await page.goto('/new');
  const form = page.getByRole('form', { name: 'Image by reference' });
  await form.getByLabel('Image reference').fill('Team/API latest');
  await form.getByRole('button', { name: 'Pull and analyse' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'source.ref' })).toContainText('must be an image reference like registry.example.com/team/api:1.4');
  await expect(page).toHaveURL(/\/new$/);
});

test('the CLI analyses a docker save file with --image and gates it with --fail-on', async ({ baseURL, engine }) => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-e2e-save-')), 'alpine.tar');
  engine.cli('save', '-o', file, 'standin/alpine:3.21');
  const run = (rules: string) =>
    spawnSync(process.execPath, [CLI, 'analyse', '--image', file, '--fail-on', rules], { encoding: 'utf8', env: { ...process.env, SHIPSHAPE_URL: baseURL } });
  const passing = run('size>1GB');
  expect(passing.status, passing.stderr).toBe(0);
  expect(passing.stdout).toMatch(/^ {2}image\s+\d/m);
  expect(passing.stdout).toContain('Every rule passed.');
  // the stand-in alpine is a few MB: a 1 MB limit on the image fails the gate
  const failing = run('size>1MB');
  expect(failing.status, failing.stderr).toBe(1);
  expect(failing.stdout).toMatch(/FAIL .*\(image\)/);
});
