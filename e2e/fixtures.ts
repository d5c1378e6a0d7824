import { test as base, expect } from '@playwright/test';
import { dockerOn } from '../tests/helpers/docker-cli';
import { AnalysisPage } from './pages/analysis-page';

/** The engine a project's server builds on (playwright.config.ts sets it per project). */
export interface EngineOption {
  host: string;
  cli: string;
  imageStore: 'legacy' | 'containerd' | 'containers-storage';
}

interface Fixtures {
  analysisPage: AnalysisPage;
  /** the engine's own answers, through its CLI: the witness the page is checked against */
  engine: { imageSize: (imageId: string) => number; cli: (...args: string[]) => string };
}

export const test = base.extend<Fixtures, { engineTarget: EngineOption }>({
  engineTarget: [
    { host: 'unix:///var/run/docker.sock', cli: '/usr/bin/docker', imageStore: 'legacy' },
    { option: true, scope: 'worker' },
  ],
  analysisPage: async ({ page }, use) => {
    await use(new AnalysisPage(page));
  },
  engine: async ({ engineTarget }, use) => {
    const cli = (...args: string[]) => dockerOn(engineTarget.host, ...args);
    await use({
      cli,
      // the image unpacked: .Size, except on the containerd store (where .Size is the
      // compressed content) the layers' sizes as `docker history` lists them
      imageSize: (imageId) =>
        engineTarget.imageStore === 'containerd'
          ? cli('history', '--human=false', '--format', '{{.Size}}', imageId)
              .split('\n')
              .map(Number)
              .reduce((a, b) => a + b, 0)
          : Number(cli('image', 'inspect', '--format', '{{.Size}}', imageId)),
    });
  },
});

export { expect };
