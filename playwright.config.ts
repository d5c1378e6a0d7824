import { defineConfig } from '@playwright/test';
import { E2E_ENGINES } from './e2e/engines';
import type { EngineOption } from './e2e/fixtures';

// End-to-end: the production build of the app against real engines and a real
// SQLite file in a throwaway data folder, driven in Debian's Chromium. One server per
// engine (the first builds the app); every spec runs against the main engine, the
// Go-sample journey also against Docker with the containerd store and Podman.

const env = {
  ALLOW_LOCAL_SOURCES: '1',
  // the flows here run as the one local user; e2e/team.spec.ts runs a server with accounts
  SINGLE_USER: '1',
  BASE_IMAGE_MAP: process.env.BASE_IMAGE_MAP ?? process.env.SHARED_BASE_IMAGE_MAP ?? '',
  NEXT_TELEMETRY_DISABLED: '1',
};

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
    browserName: 'chromium',
    headless: true,
    trace: 'on-first-retry',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: E2E_ENGINES.map((engine) => ({
    name: engine.name,
    ...(engine.name === 'main' ? {} : { testMatch: /go-sample\.spec\.ts/, grep: /visitor tries the Go sample/ }),
    use: { baseURL: `http://127.0.0.1:${engine.port}`, engineTarget: { host: engine.host, cli: engine.cli, imageStore: engine.imageStore } satisfies EngineOption },
  })),
  // started in this order: the first builds the app, the others serve the same build
  webServer: E2E_ENGINES.map((engine, i) => ({
    command: [
      `rm -rf ${engine.dataDir}`,
      i === 0 ? 'npm run build' : '',
      // an empty database on the throwaway PostgreSQL cluster (started here if it is not running)
      engine.database ? `DATABASE_URL=$(npx tsx tests/helpers/postgres-cluster.ts start ${engine.database.name}) && export DATABASE_URL` : '',
      `npx next start -p ${engine.port} -H 127.0.0.1`,
    ]
      .filter(Boolean)
      .join(' && '),
    url: `http://127.0.0.1:${engine.port}/api/health`,
    timeout: 6 * 60_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe' as const,
    env: { ...env, DATA_DIR: engine.dataDir, DOCKER_HOST: engine.host },
  })),
});
