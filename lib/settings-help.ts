import type { rawSchema } from '@/lib/env';
import { displayUrl } from '@/lib/docker/client';

// What each setting means and its default, for the settings page (the README's
// table says the same; a test checks that both list every setting).

export type SettingName = keyof typeof rawSchema.shape;

export const SETTINGS_HELP: Record<SettingName, { defaultValue: string; meaning: string }> = {
  PORT: { defaultValue: '3000', meaning: 'HTTP port of the web server.' },
  DATA_DIR: { defaultValue: 'data', meaning: 'Work dirs, uploads, the instance key and (by default) the SQLite file.' },
  DATABASE_URL: {
    defaultValue: 'file:<DATA_DIR>/shipshape.db',
    meaning: 'The database: the SQLite file as a file: URL, or a PostgreSQL server as postgresql://user:password@host:5432/db (see Beyond one machine).',
  },
  DOCKER_HOST: { defaultValue: 'unix:///var/run/docker.sock', meaning: 'The engine to build on when DOCKER_ENGINES is not set.' },
  DOCKER_ENGINES: {
    defaultValue: 'local=<DOCKER_HOST>',
    meaning: 'Engines to spread builds over: name=url pairs separated by commas (unix://, tcp:// with DOCKER_CERT_PATH for TLS, ssh://user@host).',
  },
  BASE_IMAGE_MAP: { defaultValue: '(none)', meaning: 'JSON file mapping upstream base images to mirrors; every FROM is rewritten through it.' },
  REGISTRY_CREDENTIALS: {
    defaultValue: '(none)',
    meaning:
      'JSON file of credentials per registry, {"registry.example.com": {"username": "…", "password": "…"}}: images analysed by reference, and base images builds pull, are pulled with them.',
  },
  ALLOW_LOCAL_SOURCES: { defaultValue: '0', meaning: '1 allows local paths and file:// git URLs (for development and tests).' },
  RUN_WORKER: { defaultValue: '1', meaning: '0: this web server runs no builds; run `npm run worker` beside it.' },
  JOBS_PER_ENGINE: { defaultValue: '1', meaning: 'Analyses built at once on each engine.' },
  JOB_LEASE_SECONDS: { defaultValue: '30', meaning: 'A job whose worker has not renewed its lease for this long is taken over (its worker died).' },
  JOB_MAX_ATTEMPTS: { defaultValue: '2', meaning: 'A job whose worker died this many times ends failed instead of starting again.' },
  BUILD_TIMEOUT_SECONDS: { defaultValue: '1800', meaning: 'Deadline of one build; it is stopped on the engine when it runs longer.' },
  BUILD_MEMORY_MB: { defaultValue: '2048', meaning: "Memory (no swap) of a build's RUN steps, with every builder (BuildKit's through BUILDKIT_LIMITS); 0 = no limit." },
  BUILD_CPUS: { defaultValue: '2', meaning: "CPUs of a build's RUN steps, with every builder (0.5 = half a CPU); 0 = no limit." },
  BUILD_NETWORK: { defaultValue: 'on', meaning: 'off: RUN steps get no network (both builders).' },
  MAX_LOG_KB: { defaultValue: '1024', meaning: 'Build log kept per build; longer logs are cut with a note, the build goes on.' },
  MAX_UPLOAD_MB: { defaultValue: '200', meaning: 'Largest archive upload.' },
  MAX_REPO_MB: { defaultValue: '1024', meaning: 'Largest repository (clone or unpacked archive).' },
  MAX_REPO_FILES: { defaultValue: '50000', meaning: 'Most files in a repository.' },
  MAX_PATH_DEPTH: { defaultValue: '40', meaning: 'Deepest path (folders) in a repository.' },
  CLONE_TIMEOUT_SECONDS: { defaultValue: '300', meaning: 'Deadline of a git clone.' },
  SOURCE_HOST_ALLOWLIST: {
    defaultValue: '(none)',
    meaning: 'Host names, addresses or CIDR ranges git URLs may reach although they are loopback, private or link-local (e.g. an internal Git server).',
  },
  SINGLE_USER: { defaultValue: '0', meaning: '1: no accounts; everyone who can reach the server is one local user with every right (for a laptop).' },
  PUBLIC_URL: {
    defaultValue: '(none)',
    meaning: 'The address people open (e.g. https://shipshape.example.com): the one origin sign-in accepts, and https turns on Secure cookies.',
  },
  BETTER_AUTH_SECRET: { defaultValue: '(derived)', meaning: 'Signs sign-in sessions (32+ characters); derived from DATA_DIR/instance.key when unset.' },
  SHARE_DEFAULT_DAYS: {
    defaultValue: '30',
    meaning: 'Days a new share link works when whoever shares picks no expiry (1–365); 0 = links do not expire unless they ask.',
  },
  SIGN_IN_PER_MINUTE: { defaultValue: '10', meaning: 'Sign-in attempts per minute and client address (see TRUSTED_PROXIES); more get 429.' },
  SUBMISSIONS_PER_HOUR: {
    defaultValue: '60',
    meaning: 'Analyses one user may submit per hour (with SINGLE_USER=1: per address); submissions refused as invalid do not count; more get 429.',
  },
  EVENT_STREAMS_PER_USER: { defaultValue: '10', meaning: 'Live progress streams one user (with SINGLE_USER=1: one address) may hold open at once; more get 429.' },
  TRUSTED_PROXIES: {
    defaultValue: '(none)',
    meaning:
      'Addresses or CIDR ranges of your reverse proxies. Only requests from these have X-Forwarded-For (the client address, for rate limits), X-Forwarded-Host and X-Forwarded-Proto (absolute links) believed; from anyone else those headers are ignored.',
  },
  FILE_DETAILS_DAYS: {
    defaultValue: '0',
    meaning:
      'The file details (every layer’s files) of analyses older than N days are removed from the database; sizes, layers, findings and the largest files stay. 0 keeps them.',
  },
  KEEP_IMAGES: { defaultValue: '20', meaning: 'Images of the newest N analyses stay on the engine (for `docker run`); older ones are removed.' },
  BUILD_CACHE_MAX_MB: {
    defaultValue: '10240',
    meaning: "This instance's BuildKit cache mounts are pruned down to this size after each analysis (other caches are the engine's to collect); 0 = never.",
  },
  ALLOWED_BASE_IMAGES: {
    defaultValue: '(none)',
    meaning:
      "Images (names, or patterns with *) builds may read in FROM, COPY --from and RUN --mount besides their own stages and BASE_IMAGE_MAP's images; any other image must come from a registry and is pulled by digest.",
  },
  HELPER_IMAGE: {
    defaultValue: 'alpine:3.21',
    meaning: "A small image with a shell for Shipshape's own short tasks on an engine (setting BuildKit's limits); mapped through BASE_IMAGE_MAP.",
  },
  BUILD_PIDS: { defaultValue: '512', meaning: "Processes and threads a build's RUN steps may run at once, with every builder; 0 = no limit." },
  BUILD_DISK_MB: { defaultValue: '10240', meaning: 'The largest file a RUN step may write (RLIMIT_FSIZE, which binds root too), with every builder; 0 = no limit.' },
  BUILDKIT_LIMITS: {
    defaultValue: 'cgroup',
    meaning:
      "cgroup: Shipshape puts BUILD_MEMORY_MB, BUILD_CPUS and BUILD_PIDS on the cgroup BuildKit runs RUN steps in (engines with the cgroupfs driver), from a short container of HELPER_IMAGE (the host's /sys/fs/cgroup mounted), and says so where it cannot; required: BuildKit builds are refused where it cannot; off: the operator limits BuildKit (see the README).",
  },
  MAX_IMAGE_FILES: { defaultValue: '50000', meaning: 'File changes kept per image in the database; past it, the smallest are summarised per folder.' },
  RUN_CHECK: {
    defaultValue: '1',
    meaning:
      'Every image built is started once on its engine, with no network but an internal one only the check reaches, and watched: its exit code and first lines, the ports it listens on, and for a server an HTTP request. 0 = images are not run.',
  },
  RUN_CHECK_SECONDS: { defaultValue: '30', meaning: 'How long the run check waits for a program to end, or for a server to listen and answer, before it says what it saw.' },
  RUN_CHECK_MEMORY_MB: { defaultValue: '512', meaning: 'The memory an image gets during its run check (no swap); it also gets one CPU and 256 processes.' },
};

/** Settings whose value must not be shown in full (credentials in engine URLs). */
function shown(name: SettingName, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (name === 'BETTER_AUTH_SECRET') return '(set, not shown)';
  if (name === 'DATABASE_URL') return value.replace(/^(\w+:\/\/)[^/@]*@/, '$1');
  if (name === 'DOCKER_HOST' || name === 'DOCKER_ENGINES') {
    // name=url pairs: the credentials sit after the name
    return value
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((part) => part.replace(/^([\w-]+=)?(.*)$/, (_, prefix: string | undefined, url: string) => `${prefix ?? ''}${displayUrl(url)}`))
      .join(', ');
  }
  return value;
}

export interface SettingRow {
  name: SettingName;
  /** as set in the environment, or undefined for the default */
  value: string | undefined;
  defaultValue: string;
  meaning: string;
}

/** Every setting with the value this process runs with. */
export function settingRows(env: Record<string, string | undefined> = process.env): SettingRow[] {
  return (Object.keys(SETTINGS_HELP) as SettingName[]).map((name) => ({
    name,
    value: shown(name, env[name]?.trim() || undefined),
    ...SETTINGS_HELP[name],
  }));
}
