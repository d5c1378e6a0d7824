import path from 'node:path';
import { defineConfig } from 'vitest/config';

// One project per engine. "main" (Docker 20.10, legacy image store) runs everything on
// SQLite; the engines people run today run the tests whose outcome depends on the
// engine: builds with both builders, sizes, the file analysis, cancel and limits,
// cleanup. The containerd-store engine ("modern") runs them on PostgreSQL, so each of
// those is proven on both databases without a build of its own for the database.
// Builds on the engines run one at a time (2 cores): files run in sequence.

const MODERN_CLI = '/opt/shipshape-engines/modern/usr/bin/docker';
const DOCKER26_CLI = '/opt/shipshape-engines/docker26/usr/bin/docker';

/**
 * What depends on the engine, run on each engine. The file analysis reads each engine's
 * export in the Go sample's tests (its packages and its file index); what is found in the
 * files once read (tests/integration/image-files.test.ts) is the same on every engine and
 * runs on the main one.
 */
const ON_EVERY_ENGINE = [
  'tests/integration/build-image.test.ts',
  'tests/integration/go-sample.test.ts',
  'tests/integration/build-service.test.ts',
  'tests/integration/disk.test.ts',
  'tests/integration/engine-facts.test.ts',
  'tests/integration/hostile-builds.test.ts',
];

/**
 * What touches the database and no engine but the main one, run on PostgreSQL too
 * (SQLite runs it in "main"); what depends on the engine runs on PostgreSQL in "modern".
 * Left to SQLite: what builds much and stores nothing the others do not store through the
 * same code: every stack of the seed (stacks), git and archive intake (intake), the
 * registry's compressed sizes (registry), two engines sharing a queue (engines; two
 * workers sharing one PostgreSQL are tests/postgres/workers-anywhere.test.ts) and the
 * API's build from submission to result (api; every build of "modern" stores on
 * PostgreSQL, and the routes' reads and writes run there in repositories, share, accounts).
 */
const ON_POSTGRES = [
  'tests/postgres/**/*.test.ts',
  'lib/queue/worker.test.ts',
  'lib/image-files/file-index.test.ts',
  'tests/integration/accounts.test.ts',
  'tests/integration/share.test.ts',
  'tests/integration/submission-quota.test.ts',
  'tests/integration/queue-fairness.test.ts',
  'tests/integration/event-streams.test.ts',
  'tests/integration/secrets.test.ts',
  'tests/integration/worker-process.test.ts',
  'tests/integration/git-credentials.test.ts',
  'tests/integration/engine-down.test.ts',
  'tests/integration/repositories.test.ts',
];

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    environment: 'node',
    fileParallelism: false,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'main', include: ['lib/**/*.test.ts', 'components/**/*.test.ts', 'tests/integration/**/*.test.ts'], env: { SHIPSHAPE_TEST_ENGINE: 'main' } },
      },
      {
        // PostgreSQL (a throwaway cluster of Debian's server, tests/helpers/postgres-cluster.ts):
        // what depends on the database, each test file with an empty database of its own
        extends: true,
        test: {
          name: 'postgres',
          include: ON_POSTGRES,
          globalSetup: ['tests/helpers/postgres-setup.ts'],
          env: { SHIPSHAPE_TEST_ENGINE: 'main', SHIPSHAPE_TEST_DATABASE: 'postgresql' },
        },
      },
      {
        extends: true,
        test: {
          name: 'modern',
          // other platforms need BuildKit: not on Podman
          include: [
            ...ON_EVERY_ENGINE,
            'tests/integration/platforms.test.ts',
            'tests/integration/image-source.test.ts',
            // the # syntax= line and stage pruning matter where BuildKit builds
            'tests/integration/repository-dockerfile.test.ts',
          ],
          globalSetup: ['tests/helpers/postgres-setup.ts'],
          env: {
            SHIPSHAPE_TEST_ENGINE: 'modern',
            SHIPSHAPE_TEST_DATABASE: 'postgresql',
            DOCKER_HOST: 'unix:///var/run/docker-modern.sock',
            DOCKER_CLI: MODERN_CLI,
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'podman',
          include: ON_EVERY_ENGINE,
          env: { SHIPSHAPE_TEST_ENGINE: 'podman', DOCKER_HOST: 'unix:///run/podman/podman.sock', DOCKER_CLI: '/usr/bin/docker' },
        },
      },
      {
        // BuildKit there cannot read an uploaded tar context (moby/moby#47717): builds go through a session
        extends: true,
        test: {
          name: 'docker26',
          include: ['tests/integration/build-image.test.ts', 'tests/integration/go-sample.test.ts'],
          env: { SHIPSHAPE_TEST_ENGINE: 'docker26', DOCKER_HOST: 'unix:///var/run/docker-26.sock', DOCKER_CLI: DOCKER26_CLI },
        },
      },
    ],
  },
});
