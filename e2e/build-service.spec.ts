import type { AnalysisJson } from '../lib/analyses/analysis-json';
import { containerIds, docker, imageExists, labelledImageIds, removeAnalysisImages } from '../tests/helpers/docker-cli';
import { gitRepo } from '../tests/helpers/repos';
import { expect, test } from './fixtures';
import { OwnServer } from './helpers/own-server';

// The build service seen from outside: live progress and Cancel in the page, and a
// server killed with SIGKILL in the middle of a build, then started again.

const DEBIAN = 'standin/debian:bookworm-slim';

test('the page streams progress and the build log, and Cancel stops the build', async ({ page, analysisPage }) => {
  const repo = gitRepo({ Dockerfile: `FROM ${DEBIAN}\nRUN echo start-marker && sleep 120\n` });
  const response = await page.request.post('/api/analyses', { data: { source: { type: 'git', url: repo }, options: { warmRebuild: false } } });
  expect(response.status()).toBe(202);
  const { id } = (await response.json()) as { id: string };

  await page.goto(`/analyses/${id}`);
  await expect(page.getByRole('progressbar').first()).toBeVisible();
  // the log arrives through the event stream while the step runs
  await expect(page.getByTestId('live-log-repository')).toContainText('start-marker', { timeout: 60_000 });
  await expect(page.getByTestId('variant-progress-repository')).toContainText('building');

  const asked = Date.now();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(analysisPage.status).toHaveAttribute('data-status', 'canceled', { timeout: 10_000 });
  expect(Date.now() - asked).toBeLessThan(10_000);
  await expect(page.getByTestId('progress')).toHaveCount(0);
  expect(imageExists(`shipshape/${id}:repository`)).toBe(false);
  removeAnalysisImages([id]);
});

test('a server killed with SIGKILL mid-build: after restart the job ends once, and nothing is left on the engine', async () => {
  test.setTimeout(5 * 60_000);
  const server = new OwnServer(3111, { SINGLE_USER: '1', JOB_LEASE_SECONDS: '5' });
  const base = server.base;
  const containersBefore = new Set(containerIds());
  let id = '';
  try {
    await server.start();
    const repo = gitRepo({ Dockerfile: `FROM ${DEBIAN}\nRUN echo first > /first\nRUN echo second > /second\nRUN sleep 10 && echo slept\n` });
    const created = await fetch(`${base}/api/analyses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: { type: 'git', url: repo }, options: { warmRebuild: false } }),
    });
    expect(created.status).toBe(202);
    id = ((await created.json()) as { id: string }).id;
    const get = async () => (await (await fetch(`${base}/api/analyses/${id}`)).json()) as AnalysisJson;

    // wait until the sleep step runs: the earlier steps' images exist by then
    let log = '';
    await expect
      .poll(
        async () => {
          log = (await get()).variants[0]?.log ?? '';
          return /sleep 10[\s\S]*Running in/.test(log);
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    // the step images so far, as the engine lists them by the build's label (the LABEL step, and both RUNs)
    const stepImages = labelledImageIds(id);
    expect(stepImages.length).toBeGreaterThanOrEqual(2);
    expect(stepImages.every((image) => imageExists(image))).toBe(true);

    await server.kill();
    await server.start();
    await expect.poll(async () => (await get()).status, { timeout: 120_000 }).toMatch(/^(succeeded|failed|canceled)$/);
    const analysis = await get();
    expect(analysis.status).toBe('succeeded');
    expect(analysis.attempts).toBe(2); // taken up once more, not twice at once
    expect(analysis.variants).toHaveLength(1);
    expect(analysis.variants[0]!.log).toContain('slept');

    // nothing of the killed attempt remains: its step images, its container
    for (const image of stepImages) expect(imageExists(image)).toBe(false);
    await expect.poll(() => containerIds().filter((c) => !containersBefore.has(c)), { timeout: 10_000 }).toEqual([]);
    const labelled = docker('image', 'ls', '-q', '--no-trunc', '--filter', `label=io.shipshape.analysis=${id}`).split('\n').filter(Boolean);
    expect(labelled).toEqual([analysis.variants[0]!.imageId]);
  } finally {
    await server.dispose();
    if (id) removeAnalysisImages([id]);
  }
});
