import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// End-to-end: the production build of the app against the real engine and a real
// SQLite file in a throwaway data folder, driven in Debian's Chromium.

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DATA_DIR = path.join(os.tmpdir(), 'shipshape-e2e');

export default defineConfig({
  testDir: 'e2e',
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  timeout: 10 * 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    trace: 'on-first-retry',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: `rm -rf ${E2E_DATA_DIR} && npm run build && npx next start -p ${PORT} -H 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 6 * 60_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe',
    env: {
      DATA_DIR: E2E_DATA_DIR,
      ALLOW_LOCAL_SOURCES: '1',
      // the flows here run as the one local user; e2e/team.spec.ts runs a server with accounts
      SINGLE_USER: '1',
      BASE_IMAGE_MAP: process.env.BASE_IMAGE_MAP ?? process.env.SHARED_BASE_IMAGE_MAP ?? '',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
