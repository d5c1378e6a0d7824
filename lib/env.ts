import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
// relative, not '@/': next.config.ts loads this file, and its loader resolves '@/' from the wrong folder
import { ENGINE_URL, ENGINE_URL_HINT, parseEngines, parseTrustedProxies, SettingsError, type EngineSetting, type TrustedProxy } from './settings-lists';
import { registryCredentialsSchema, type RegistryCredentials } from './sources/image-ref';

export { SettingsError };
export type { EngineSetting, TrustedProxy };

// Settings are read from the environment once and validated here. next.config.ts
// imports this module, so a bad setting stops `next build` / `next start` at once.
// README.md's settings table lists every one with its default.

const baseImageMapSchema = z.record(z.string().min(1), z.string().min(1));
export type BaseImageMap = Readonly<Record<string, string>>;

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const flag = (fallback: '0' | '1') => z.enum(['0', '1'], { message: 'must be 1 (on) or 0 (off)' }).default(fallback);

export const rawSchema = z.object({
  PORT: int(1, 65535, 3000),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z
    .string()
    .regex(
      /^(file:.+|postgres(ql)?:\/\/.+)/,
      'must be a file: URL of the SQLite database (file:./data/shipshape.db) or a PostgreSQL URL (postgresql://user:password@host:5432/shipshape)',
    )
    .optional(),
  DOCKER_HOST: z.string().regex(ENGINE_URL, ENGINE_URL_HINT).optional(),
  DOCKER_ENGINES: z.string().optional(),
  BASE_IMAGE_MAP: z.string().min(1).optional(),
  ALLOW_LOCAL_SOURCES: z.string().optional(),
  REGISTRY_CREDENTIALS: z.string().min(1).optional(),
  // the queue
  RUN_WORKER: flag('1'),
  JOBS_PER_ENGINE: int(1, 16, 1),
  JOB_LEASE_SECONDS: int(3, 3600, 30),
  JOB_MAX_ATTEMPTS: int(1, 10, 2),
  // limits
  BUILD_TIMEOUT_SECONDS: int(10, 24 * 3600, 1800),
  BUILD_MEMORY_MB: int(0, 1024 * 1024, 2048),
  BUILD_CPUS: z.coerce.number().min(0).max(1024).default(2),
  BUILD_NETWORK: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
  MAX_LOG_KB: int(4, 1024 * 1024, 1024),
  MAX_UPLOAD_MB: int(1, 1024 * 1024, 200),
  MAX_REPO_MB: int(1, 1024 * 1024, 1024),
  MAX_REPO_FILES: int(1, 10_000_000, 50_000),
  MAX_PATH_DEPTH: int(1, 1000, 40),
  CLONE_TIMEOUT_SECONDS: int(5, 24 * 3600, 300),
  SOURCE_HOST_ALLOWLIST: z.string().optional(),
  // accounts
  SINGLE_USER: flag('0'),
  PUBLIC_URL: z.url({ message: 'must be the address people open, like https://shipshape.example.com' }).optional(),
  BETTER_AUTH_SECRET: z.string().min(32, 'must be at least 32 random characters').optional(),
  SIGN_IN_PER_MINUTE: int(1, 10_000, 10),
  SUBMISSIONS_PER_HOUR: int(1, 100_000, 60),
  // sharing
  SHARE_DEFAULT_DAYS: int(0, 365, 30),
  EVENT_STREAMS_PER_USER: int(1, 1000, 10),
  TRUSTED_PROXIES: z.string().optional(),
  // disk
  KEEP_IMAGES: int(0, 100_000, 20),
  FILE_DETAILS_DAYS: int(0, 100_000, 0),
  BUILD_CACHE_MAX_MB: int(0, 100 * 1024 * 1024, 10 * 1024),
  // what builds may read, and the limits every builder gets
  ALLOWED_BASE_IMAGES: z.string().optional(),
  HELPER_IMAGE: z.string().min(1).default('alpine:3.21'),
  BUILD_PIDS: int(0, 4_194_304, 512),
  BUILD_DISK_MB: int(0, 100 * 1024 * 1024, 10 * 1024),
  BUILDKIT_LIMITS: z.enum(['cgroup', 'required', 'off'], { message: 'must be cgroup, required or off' }).default('cgroup'),
  MAX_IMAGE_FILES: int(1000, 10_000_000, 50_000),
  // the run check of every image built
  RUN_CHECK: flag('1'),
  RUN_CHECK_SECONDS: int(2, 600, 30),
  RUN_CHECK_MEMORY_MB: int(16, 1024 * 1024, 512),
});

export interface Limits {
  /** one build (cold or warm) is stopped after this long */
  buildTimeoutSeconds: number;
  /** memory of the classic builder's RUN containers; 0 = no limit */
  buildMemoryBytes: number;
  /** CPUs for the classic builder's RUN containers; 0 = no limit */
  buildCpus: number;
  /** RUN steps may reach the network */
  buildNetwork: boolean;
  /** processes (and threads) of a build's RUN steps at once; 0 = no limit */
  buildPids: number;
  /** the largest file a RUN step may write; 0 = no limit */
  buildDiskBytes: number;
  /** how BuildKit's RUN steps get the limits: Shipshape sets them on BuildKit's cgroup, or the operator does */
  buildkitLimits: 'cgroup' | 'required' | 'off';
  maxLogBytes: number;
  maxUploadBytes: number;
  maxRepoBytes: number;
  maxRepoFiles: number;
  maxPathDepth: number;
  cloneTimeoutSeconds: number;
}

export interface Settings {
  port: number;
  /** absolute; work dirs, uploads and (by default) the database live here */
  dataDir: string;
  /** absolute path of the SQLite file (when the database is SQLite) */
  databaseFile: string;
  /** the database: the embedded SQLite file, or a PostgreSQL server */
  database: { kind: 'sqlite'; file: string } | { kind: 'postgresql'; url: string };
  /** DOCKER_HOST as given (the first engine when DOCKER_ENGINES is unset) */
  dockerHost: string | undefined;
  engines: EngineSetting[];
  /** upstream image name -> image to build from instead (empty when unset) */
  baseImageMap: BaseImageMap;
  baseImageMapFile: string | undefined;
  /** registry (host[:port], docker.io for Docker Hub) -> the credentials images are pulled with */
  registryCredentials: Readonly<Record<string, RegistryCredentials>>;
  allowLocalSources: boolean;
  /** host names, addresses or CIDR ranges that git URLs may reach although they are not public */
  sourceHostAllowlist: string[];
  queue: { runWorker: boolean; jobsPerEngine: number; leaseSeconds: number; maxAttempts: number };
  limits: Limits;
  auth: {
    /** no accounts: one local user with every right (a laptop) */
    singleUser: boolean;
    /** where people open Shipshape; sets the trusted origin and Secure cookies (https) */
    publicUrl: string | undefined;
    /** signs sessions; derived from the instance key when unset */
    secret: string | undefined;
    signInPerMinute: number;
    submissionsPerHour: number;
    /** live progress streams one user (or, with SINGLE_USER, one address) may hold open */
    eventStreamsPerUser: number;
    /** addresses and CIDR ranges of reverse proxies whose X-Forwarded-* headers are believed */
    trustedProxies: TrustedProxy[];
  };
  /** days a new share link works when the sharer picks no expiry; 0 = it does not expire */
  shareDefaultDays: number;
  /** the images of the newest N analyses are kept on the engine; older ones are removed */
  keepImages: number;
  /** file details of analyses older than this many days are removed; 0 = kept */
  fileDetailsDays: number;
  /** BuildKit's cache is pruned down to this many bytes after each analysis; 0 = never pruned */
  buildCacheMaxBytes: number;
  /** image names (or patterns with *) builds may read besides their own stages and BASE_IMAGE_MAP's images */
  allowedBaseImages: string[];
  /** a small image with a shell for Shipshape's own short tasks on an engine (through BASE_IMAGE_MAP) */
  helperImage: string;
  /** file changes kept per image in the database; the rest is summarised per folder */
  maxImageFiles: number;
  /** every image built is started and watched (lib/docker/run-check.ts), unless off */
  runCheck: { enabled: boolean; seconds: number; memoryBytes: number };
}

function emptyToUndefined(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of Object.keys(rawSchema.shape)) {
    const value = env[key];
    out[key] = value === undefined || value.trim() === '' ? undefined : value.trim();
  }
  return out;
}

function readBaseImageMap(file: string): BaseImageMap {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new SettingsError(`BASE_IMAGE_MAP: cannot read ${file}. Point it at a JSON file of {"upstream:tag": "mirror/image:tag"}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SettingsError(`BASE_IMAGE_MAP: ${file} is not valid JSON.`);
  }
  const parsed = baseImageMapSchema.safeParse(json);
  if (!parsed.success) {
    throw new SettingsError(`BASE_IMAGE_MAP: ${file} must be a JSON object mapping image names to image names.`);
  }
  return Object.freeze({ ...parsed.data });
}

/** REGISTRY_CREDENTIALS: a JSON file (kept out of the environment, like a Docker config) of credentials per registry. */
function readRegistryCredentials(file: string): Readonly<Record<string, RegistryCredentials>> {
  const hint = 'Point it at a JSON file of {"registry.example.com": {"username": "...", "password": "..."}}.';
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new SettingsError(`REGISTRY_CREDENTIALS: cannot read ${file} as JSON. ${hint}`);
  }
  const parsed = z.record(z.string().min(1), registryCredentialsSchema).safeParse(json);
  if (!parsed.success) throw new SettingsError(`REGISTRY_CREDENTIALS: ${file} must map registries to a username and a password. ${hint}`);
  return Object.freeze({ ...parsed.data });
}

const MB = 1024 * 1024;

/** Parses settings from an environment; pure apart from reading the BASE_IMAGE_MAP file. */
export function parseSettings(env: Record<string, string | undefined>, cwd = process.cwd()): Settings {
  const parsed = rawSchema.safeParse(emptyToUndefined(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new SettingsError(`Invalid settings:\n  ${lines.join('\n  ')}`);
  }
  const raw = parsed.data;
  const dataDir = path.resolve(cwd, raw.DATA_DIR);
  const postgres = raw.DATABASE_URL && /^postgres(ql)?:\/\//.test(raw.DATABASE_URL) ? raw.DATABASE_URL : undefined;
  const databaseFile = raw.DATABASE_URL && !postgres ? path.resolve(cwd, raw.DATABASE_URL.slice('file:'.length).replace(/^\/\/(?=\/)/, '')) : path.join(dataDir, 'shipshape.db');
  const baseImageMapFile = raw.BASE_IMAGE_MAP ? path.resolve(cwd, raw.BASE_IMAGE_MAP) : undefined;
  return {
    port: raw.PORT,
    dataDir,
    databaseFile,
    database: postgres ? { kind: 'postgresql', url: postgres } : { kind: 'sqlite', file: databaseFile },
    dockerHost: raw.DOCKER_HOST,
    engines: parseEngines(raw.DOCKER_ENGINES, raw.DOCKER_HOST),
    baseImageMap: baseImageMapFile ? readBaseImageMap(baseImageMapFile) : Object.freeze({}),
    baseImageMapFile,
    registryCredentials: raw.REGISTRY_CREDENTIALS ? readRegistryCredentials(path.resolve(cwd, raw.REGISTRY_CREDENTIALS)) : Object.freeze({}),
    allowLocalSources: raw.ALLOW_LOCAL_SOURCES === '1',
    sourceHostAllowlist: (raw.SOURCE_HOST_ALLOWLIST ?? '').split(/[\s,]+/).filter(Boolean),
    queue: { runWorker: raw.RUN_WORKER === '1', jobsPerEngine: raw.JOBS_PER_ENGINE, leaseSeconds: raw.JOB_LEASE_SECONDS, maxAttempts: raw.JOB_MAX_ATTEMPTS },
    limits: {
      buildTimeoutSeconds: raw.BUILD_TIMEOUT_SECONDS,
      buildMemoryBytes: raw.BUILD_MEMORY_MB * MB,
      buildCpus: raw.BUILD_CPUS,
      buildNetwork: raw.BUILD_NETWORK === 'on',
      buildPids: raw.BUILD_PIDS,
      buildDiskBytes: raw.BUILD_DISK_MB * MB,
      buildkitLimits: raw.BUILDKIT_LIMITS,
      maxLogBytes: raw.MAX_LOG_KB * 1024,
      maxUploadBytes: raw.MAX_UPLOAD_MB * MB,
      maxRepoBytes: raw.MAX_REPO_MB * MB,
      maxRepoFiles: raw.MAX_REPO_FILES,
      maxPathDepth: raw.MAX_PATH_DEPTH,
      cloneTimeoutSeconds: raw.CLONE_TIMEOUT_SECONDS,
    },
    auth: {
      singleUser: raw.SINGLE_USER === '1',
      publicUrl: raw.PUBLIC_URL?.replace(/\/$/, ''),
      secret: raw.BETTER_AUTH_SECRET,
      signInPerMinute: raw.SIGN_IN_PER_MINUTE,
      submissionsPerHour: raw.SUBMISSIONS_PER_HOUR,
      eventStreamsPerUser: raw.EVENT_STREAMS_PER_USER,
      trustedProxies: parseTrustedProxies(raw.TRUSTED_PROXIES),
    },
    shareDefaultDays: raw.SHARE_DEFAULT_DAYS,
    keepImages: raw.KEEP_IMAGES,
    fileDetailsDays: raw.FILE_DETAILS_DAYS,
    buildCacheMaxBytes: raw.BUILD_CACHE_MAX_MB * MB,
    allowedBaseImages: (raw.ALLOWED_BASE_IMAGES ?? '').split(/[\s,]+/).filter(Boolean),
    helperImage: raw.HELPER_IMAGE,
    maxImageFiles: raw.MAX_IMAGE_FILES,
    runCheck: { enabled: raw.RUN_CHECK === '1', seconds: raw.RUN_CHECK_SECONDS, memoryBytes: raw.RUN_CHECK_MEMORY_MB * MB },
  };
}

const cache = globalThis as unknown as { shipshapeSettings?: Settings };

export function getSettings(): Settings {
  cache.shipshapeSettings ??= parseSettings(process.env);
  return cache.shipshapeSettings;
}
