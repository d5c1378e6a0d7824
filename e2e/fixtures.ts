import { test as base, expect } from '@playwright/test';
import { docker } from '../tests/helpers/docker-cli';
import { AnalysisPage } from './pages/analysis-page';

interface Fixtures {
  analysisPage: AnalysisPage;
  /** the engine's own answers, through its CLI: the witness the page is checked against */
  engine: { imageSize: (imageId: string) => number };
}

export const test = base.extend<Fixtures>({
  analysisPage: async ({ page }, use) => {
    await use(new AnalysisPage(page));
  },
  // eslint-disable-next-line no-empty-pattern
  engine: async ({}, use) => {
    await use({ imageSize: (imageId) => Number(docker('image', 'inspect', '--format', '{{.Size}}', imageId)) });
  },
});

export { expect };
