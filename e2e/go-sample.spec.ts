import { XMLValidator } from 'fast-xml-parser';
import { formatBytes, formatReduction, formatSeconds } from '../lib/format';
import { isShipshapeLabel } from '../lib/image-files/instruction';
import { GO_SAMPLE_DIR, tarGzOf } from '../tests/helpers/repos';
import { expect, test } from './fixtures';

/** The Go sample as a .tar.gz named go-hello.tar.gz, its files under go-hello/ as GitHub packs them. */
const goSampleArchive = () => tarGzOf(GO_SAMPLE_DIR, 'go-hello');

test('a visitor tries the Go sample and shares the comparison', async ({ page, analysisPage, engine, engineTarget, browser }, testInfo) => {
  // the "postgres" project's server keeps everything in PostgreSQL, the others in SQLite
  const health = (await (await page.request.get('/api/health')).json()) as { database: { kind: string; reachable: boolean } };
  expect(health.database).toEqual({ kind: testInfo.project.name === 'postgres' ? 'postgresql' : 'sqlite', reachable: true });
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the Go sample' }).click();
  await expect(page).toHaveURL(/\/analyses\/[a-z0-9]+$/);
  // Work runs in the background: the page shows progress first.
  await expect(page.getByTestId('progress')).toBeVisible();

  await analysisPage.waitForResult();
  const analysis = await analysisPage.fetchJson();
  expect(analysis.status).toBe('succeeded');

  // Both sizes on the page are the engine's own, in Docker's units.
  const sizes: Record<string, string> = {};
  for (const variant of analysis.variants) {
    const engineSize = engine.imageSize(variant.imageId!);
    expect(variant.sizeBytes).toBe(engineSize);
    sizes[variant.kind] = formatBytes(engineSize);
    await expect(analysisPage.size(variant.kind)).toHaveText(sizes[variant.kind]!);
    // Shipshape's own LABEL steps (the classic builder's) are folded away
    await expect(analysisPage.layerRows(variant.kind)).toHaveCount(variant.layers.filter((l) => !(l.empty && isShipshapeLabel(l.createdBy))).length);
  }
  // The images ran: the multi-stage one answers like the single-stage one
  await expect(page.getByTestId('run-check-multi-stage')).toContainText('answers HTTP 200 (application/json) on :8080');
  await expect(page.getByTestId('run-check-multi-stage-vs-single-stage')).toContainText('like the single-stage image');
  await expect(page.getByTestId('saving-split-single-stage')).toContainText('from a smaller base image');
  // what the multi-stage image left behind, package by package (from the images' own package databases)
  const goToolchain = analysis.variants.find((v) => v.kind === 'single-stage')!.packages.find((p) => p.name === 'golang-1.22-go')!;
  await expect(page.getByTestId('dropped-packages')).toContainText(`golang-1.22-go ${formatBytes(goToolchain.bytes)}`);
  const packages = page.getByTestId('packages-single-stage');
  await packages.getByLabel('Filter the packages of the single-stage image').fill('gcc-12');
  await expect(packages.getByTestId('package-row').first()).toContainText('gcc-12');
  // the treemap: the package managers first where there are several (dpkg, and the Go binary's build info), then a manager's packages
  const packageTreemap = packages.getByTestId('package-treemap-single-stage');
  const managers = new Set(
    analysis.variants
      .find((v) => v.kind === 'single-stage')!
      .packages.filter((p) => p.bytes > 0)
      .map((p) => p.manager),
  );
  if (managers.size > 1) await packageTreemap.locator('[data-tile="/dpkg"]').click();
  await expect(packageTreemap.locator('[data-tile="/dpkg/golang-1.22-go"]')).toBeVisible();
  await expect(analysisPage.headline).toContainText(`${sizes['single-stage']} vs ${sizes['multi-stage']}`);
  await expect(analysisPage.headline).toContainText('% smaller');
  await expect(analysisPage.chartBars).toHaveCount(2);
  await expect(page.getByTestId('layer-chart-legend')).toContainText("the base image's layers");
  await expect(page.getByTestId('layer-chart-legend')).toContainText('layers the Dockerfile added');
  await expect(page.getByText('FROM scratch').first()).toBeVisible();

  // The page says why the final stage is scratch, and shows cold and warm build times.
  await expect(page.getByTestId('final-base')).toContainText('Final stage: scratch');
  await expect(page.getByTestId('final-base')).toContainText('CGO_ENABLED=0 is static');
  for (const variant of analysis.variants) {
    expect(variant.warmBuildSeconds).not.toBeNull();
    await expect(page.getByTestId(`times-${variant.kind}`)).toContainText(formatSeconds(variant.buildSeconds!));
    await expect(page.getByTestId(`times-${variant.kind}`)).toContainText(formatSeconds(variant.warmBuildSeconds!));
  }

  // Why the single-stage image is big: the findings with bytes, the treemap, both sizes, the file comparison.
  const single = analysis.variants.find((v) => v.kind === 'single-stage')!;
  const toolchain = single.findings.find((f) => f.title === 'The final image ships the Go toolchain')!;
  const singlePanel = page.getByTestId('variant-single-stage');
  await expect(singlePanel.locator('[data-finding="sdk-in-final-stage"]').first()).toContainText(formatBytes(toolchain.bytes!));
  await expect(singlePanel.getByText('The final image ships the Go toolchain')).toBeVisible();
  await expect(singlePanel.getByTestId('treemap').locator('rect').first()).toBeVisible();
  // the treemap zooms into a folder on click, and by keyboard
  const treemap = singlePanel.getByTestId('treemap');
  await treemap.locator('[data-tile="/usr"]').click();
  await expect(treemap.getByTestId('treemap-path')).toContainText('usr');
  await treemap.locator('[data-tile="/usr/lib"]').focus();
  await page.keyboard.press('Enter');
  await expect(treemap.getByTestId('treemap-path').getByRole('button')).toHaveText(['/', 'usr', 'lib']);
  await treemap.getByTestId('treemap-path').getByRole('button', { name: '/', exact: true }).click();
  await expect(treemap.locator('[data-tile="/usr"]')).toBeVisible();
  for (const variant of analysis.variants) {
    await expect(page.getByTestId(`compressed-${variant.kind}`)).toContainText(formatBytes(variant.compressedBytes!));
    // which engine built it, and how its own CLI's figure relates to the one shown
    await expect(page.getByTestId(`engine-${variant.kind}`)).toContainText(
      { legacy: 'legacy image store', containerd: 'containerd image store', 'containers-storage': 'containers-storage' }[engineTarget.imageStore],
    );
    await expect(page.getByTestId(`engine-figure-${variant.kind}`)).toContainText(engineTarget.imageStore === 'containerd' ? 'compressed content +' : 'show the same');
  }
  // the multi-stage image's layers were built on the engine: compressed by it where it keeps them so
  await expect(page.getByTestId('compressed-source-multi-stage')).toContainText(
    engineTarget.imageStore === 'containerd' ? "the engine's own compressed layers" : 'gzip computed here',
  );
  await expect(page.getByTestId('compare-summary')).toContainText(`${sizes['single-stage']} → ${sizes['multi-stage']}`);
  await expect(page.getByTestId('compare')).toContainText('/go-hello');

  // The Go toolchain in the file browser, in two clicks: the finding's link opens its folder at its layer, then into it.
  const toolchainPath = toolchain.where.path!;
  const toolchainName = toolchainPath.slice(toolchainPath.lastIndexOf('/') + 1);
  await singlePanel.locator('[data-finding="sdk-in-final-stage"]').first().getByTestId('finding-files-link').click();
  const files = page.getByTestId('layer-browser');
  await expect(files.getByTestId('browser-path')).toHaveText(toolchainPath.slice(0, toolchainPath.lastIndexOf('/')) || '/');
  await expect(files.getByTestId('browser-layer')).toHaveValue(String(toolchain.where.layer));
  const toolchainEntry = files.locator(`[data-entry="${toolchainName}"]`);
  await expect(toolchainEntry).toContainText(formatBytes(toolchain.bytes!));
  await toolchainEntry.getByRole('button').click();
  await expect(files.locator('[data-entry="bin"]')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('path')).toBe(toolchainPath);
  // only what the layer itself did, marked
  await files.getByTestId('browser-only').check();
  await expect(files.locator('[data-entry="bin"]')).toContainText('+');

  // Nothing is public until the user shares it.
  expect(analysis.shareUrl).toBeNull();
  await expect(page.getByTestId('share-dead')).toContainText('Not shared');
  await expect(analysisPage.shareUrl).toHaveCount(0);
  await expect(page.getByLabel('Expiry of a new link').locator('option:checked')).toHaveText('expires in 30 days');
  await page.getByRole('button', { name: 'Create share link' }).click();
  await expect(page.getByTestId('share-panel')).toContainText('It expires');
  await expect(page.getByTestId('share-panel')).toContainText('not the build logs');

  // The share link shows the same comparison to someone else, signed out, with no other navigation.
  const shareUrl = await analysisPage.shareUrl.inputValue();
  expect(shareUrl).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
  const outsider = await browser.newContext();
  const shared = await outsider.newPage();
  await shared.goto(shareUrl);
  await expect(shared.getByTestId('headline')).toContainText(`${sizes['single-stage']} vs ${sizes['multi-stage']}`);
  await expect(shared.getByTestId('size-chart').locator('.recharts-bar-rectangle')).toHaveCount(2);
  await expect(shared.getByRole('navigation')).toHaveCount(0);
  await expect(shared.getByRole('link', { name: 'Dashboard' })).toHaveCount(0);
  // the file comparison works from the link alone
  await expect(shared.getByTestId('compare-summary')).toContainText(`${sizes['single-stage']} → ${sizes['multi-stage']}`);
  await expect(shared.getByTestId('compare')).toContainText('/go-hello');
  await expect(shared.getByText('Sign in first')).toHaveCount(0);
  // and no build log, on the page or in its JSON
  await expect(shared.getByText('Build log', { exact: true })).toHaveCount(0);
  await expect(shared.getByTestId('log-withheld-single-stage')).toBeVisible();
  const html = await shared.content();
  for (const variant of analysis.variants)
    expect(html).not.toContain(
      variant.log
        .split('\n')
        .find((line) => line.trim().length >= 12)!
        .trim(),
    );
  const sharedJson = (await (await outsider.request.get(shareUrl.replace('/s/', '/api/share/'))).json()) as typeof analysis;
  expect(sharedJson.variants.map((v) => v.log)).toEqual(analysis.variants.map(() => ''));

  // A link preview names the sizes, and its image is the chart.
  await expect(shared.locator('meta[property="og:title"]')).toHaveAttribute('content', new RegExp(`^${sizes['single-stage']} → ${sizes['multi-stage']}`));
  const ogImage = await shared.locator('meta[property="og:image"]').getAttribute('content');
  const preview = await outsider.request.get(new URL(new URL(ogImage!).pathname + new URL(ogImage!).search, shareUrl).toString());
  expect(preview.status()).toBe(200);
  expect(preview.headers()['content-type']).toBe('image/png');

  // The badge: a valid SVG with the multi-stage size and the reduction, cacheable.
  const reduction = formatReduction(analysis.comparison!.singleStageBytes, analysis.comparison!.multiStageBytes);
  for (const badgeUrl of [`${shareUrl}/badge.svg`, `${shareUrl}/latest/badge.svg`]) {
    const badge = await outsider.request.get(badgeUrl);
    expect(badge.status()).toBe(200);
    expect(badge.headers()['content-type']).toContain('image/svg+xml');
    expect(badge.headers()['cache-control']).toContain('max-age=');
    const svg = await badge.text();
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('<svg');
    expect(svg).toContain(`${sizes['multi-stage']}, ${reduction}`);
    const again = await outsider.request.get(badgeUrl, { headers: { 'If-None-Match': badge.headers().etag! } });
    expect(again.status()).toBe(304);
  }

  // Revoked, the link and its badge are a 404 that reveals nothing; a new link works.
  await page.getByRole('button', { name: 'Revoke link' }).click();
  await expect(page.getByTestId('share-dead')).toContainText('Revoked');
  const dead = await outsider.request.get(shareUrl);
  expect(dead.status()).toBe(404);
  const deadText = await dead.text();
  expect(deadText).not.toContain('sample:go');
  expect(deadText).not.toContain(sizes['multi-stage']!);
  expect((await outsider.request.get(`${shareUrl}/badge.svg`)).status()).toBe(404);
  const unknown = await outsider.request.get(shareUrl.replace(/\/s\/.*/, `/api/share/${'x'.repeat(43)}`));
  const revokedApi = await outsider.request.get(shareUrl.replace('/s/', '/api/share/'));
  expect(revokedApi.status()).toBe(404);
  expect(await revokedApi.json()).toEqual(await unknown.json());
  // A new link, this time with the build logs: the share page shows them.
  await page.getByLabel('Expiry of a new link').selectOption({ label: 'expires in 7 days' });
  await page.getByLabel('include build logs').check();
  await page.getByRole('button', { name: 'Create share link' }).click();
  await expect(analysisPage.shareUrl).not.toHaveValue(shareUrl);
  await expect(page.getByTestId('share-panel')).toContainText('It expires');
  await expect(page.getByTestId('share-panel')).toContainText('build logs included');
  const renewed = await analysisPage.shareUrl.inputValue();
  await shared.goto(renewed);
  await expect(shared.getByTestId('headline')).toBeVisible();
  await expect(shared.getByText('Build log', { exact: true })).toHaveCount(analysis.variants.length);
  await expect(shared.getByTestId('log-withheld-single-stage')).toHaveCount(0);
  await outsider.close();

  // The dashboard lists it with both sizes.
  await page.goto('/');
  const row = page.getByTestId('analyses').getByRole('row').filter({ hasText: 'sample:go' }).first();
  await expect(row).toContainText('succeeded');
  await expect(row).toContainText(sizes['multi-stage']!);
});

test('a bad git URL is refused with a reason the user can act on', async ({ page }) => {
  await page.goto('/new');
  await page.getByLabel('Repository URL').fill('ftp://example.com/repo.git');
  await page.getByRole('button', { name: 'Analyse', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Git URLs' })).toHaveText('Git URLs must use http or https, not ftp.');
  await expect(page).toHaveURL(/\/new$/);
});

test('an unknown share token is a plain 404', async ({ page }) => {
  const response = await page.goto('/s/not-a-real-token');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
});

test('a repository uploaded as an archive through the form is analysed, for linux/arm64 too', async ({ page, analysisPage, engine }) => {
  await page.goto('/new');
  const form = page.locator('form').filter({ has: page.getByLabel('A .tar.gz or .zip of the repository') });
  await form.getByLabel('A .tar.gz or .zip of the repository').setInputFiles(await goSampleArchive());
  await form.getByText('Options').click();
  await form.getByLabel('Also build for linux/arm64, where this engine can').check();
  await form.getByLabel('Measure a warm rebuild after a one-line source change').uncheck();
  await form.getByRole('button', { name: 'Upload and analyse' }).click();
  await expect(page).toHaveURL(/\/analyses\/[a-z0-9]+$/);
  await analysisPage.waitForResult();
  const analysis = await analysisPage.fetchJson();
  expect(analysis).toMatchObject({ status: 'succeeded', source: { type: 'archive', label: 'go-hello.tar.gz' }, stack: { language: 'go' } });
  await expect(page.getByRole('heading', { name: 'go-hello.tar.gz' })).toBeVisible();
  await expect(analysisPage.headline).toContainText('% smaller');

  // the multi-stage image for both platforms, side by side, in the engine's own figures
  const arm = analysis.variants.find((v) => v.kind === 'multi-stage:linux-arm64')!;
  const multi = analysis.variants.find((v) => v.kind === 'multi-stage')!;
  expect(arm.status).toBe('succeeded');
  expect(arm.sizeBytes).toBe(engine.imageSize(arm.imageId!));
  const platforms = page.getByTestId('platform-sizes');
  await expect(platforms.getByTestId('platform-linux/amd64')).toContainText(formatBytes(multi.sizeBytes!));
  await expect(platforms.getByTestId('platform-linux/arm64')).toContainText(formatBytes(arm.sizeBytes!));
  await expect(page.getByTestId('variant-multi-stage:linux-arm64')).toContainText('linux/arm64');
});
