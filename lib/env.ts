import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// Settings are read from the environment once and validated here. next.config.ts
// imports this module, so a bad setting stops `next build` / `next start` at once.

const baseImageMapSchema = z.record(z.string().min(1), z.string().min(1));
export type BaseImageMap = Readonly<Record<string, string>>;

const rawSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z
    .string()
    .regex(/^file:.+/, 'must be a file: URL of the SQLite database, e.g. file:./data/shipshape.db')
    .optional(),
  DOCKER_HOST: z
    .string()
    .regex(/^(unix|tcp|ssh|npipe):\/\/.+/, 'must look like unix:///var/run/docker.sock, tcp://host:2376 or ssh://user@host')
    .optional(),
  BASE_IMAGE_MAP: z.string().min(1).optional(),
  ALLOW_LOCAL_SOURCES: z.string().optional(),
});

export interface Settings {
  port: number;
  /** absolute; work dirs, uploads and (by default) the database live here */
  dataDir: string;
  /** absolute path of the SQLite file */
  databaseFile: string;
  dockerHost: string | undefined;
  /** upstream image name -> image to build from instead (empty when unset) */
  baseImageMap: BaseImageMap;
  baseImageMapFile: string | undefined;
  allowLocalSources: boolean;
}

export class SettingsError extends Error {
  override name = 'SettingsError';
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

/** Parses settings from an environment; pure apart from reading the BASE_IMAGE_MAP file. */
export function parseSettings(env: Record<string, string | undefined>, cwd = process.cwd()): Settings {
  const parsed = rawSchema.safeParse(emptyToUndefined(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new SettingsError(`Invalid settings:\n  ${lines.join('\n  ')}`);
  }
  const raw = parsed.data;
  const dataDir = path.resolve(cwd, raw.DATA_DIR);
  const databaseFile = raw.DATABASE_URL
    ? path.resolve(cwd, raw.DATABASE_URL.slice('file:'.length).replace(/^\/\/(?=\/)/, ''))
    : path.join(dataDir, 'shipshape.db');
  const baseImageMapFile = raw.BASE_IMAGE_MAP ? path.resolve(cwd, raw.BASE_IMAGE_MAP) : undefined;
  return {
    port: raw.PORT,
    dataDir,
    databaseFile,
    dockerHost: raw.DOCKER_HOST,
    baseImageMap: baseImageMapFile ? readBaseImageMap(baseImageMapFile) : Object.freeze({}),
    baseImageMapFile,
    allowLocalSources: raw.ALLOW_LOCAL_SOURCES === '1',
  };
}

const cache = globalThis as unknown as { shipshapeSettings?: Settings };

export function getSettings(): Settings {
  cache.shipshapeSettings ??= parseSettings(process.env);
  return cache.shipshapeSettings;
}
