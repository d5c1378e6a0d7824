import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshTestDatabase } from './postgres-cluster';

/**
 * Points the app's settings at a fresh data folder (and so a fresh SQLite file, or in
 * the "postgres" project a fresh PostgreSQL database) and
 * forgets cached clients. `extra` settings last until the next call. BASE_IMAGE_MAP comes from the caller's environment, or the
 * shared stand-in map on machines that have one.
 */
const setBefore = new Set<string>();

export function useFreshSettings(extra: Record<string, string> = {}): string {
  // settings a previous call added do not leak into this one
  for (const key of setBefore) delete process.env[key];
  setBefore.clear();
  for (const key of Object.keys(extra)) if (process.env[key] === undefined) setBefore.add(key);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-test-'));
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  // the "postgres" project: an empty database of its own on the throwaway cluster
  if (process.env.SHIPSHAPE_TEST_DATABASE === 'postgresql') process.env.DATABASE_URL = freshTestDatabase(`t_${path.basename(dataDir)}`);
  process.env.BASE_IMAGE_MAP ??= process.env.SHARED_BASE_IMAGE_MAP ?? '';
  // route handlers are called without sign-in unless a test turns accounts on
  process.env.SINGLE_USER = extra.SINGLE_USER ?? '1';
  Object.assign(process.env, extra);
  const cache = globalThis as Record<string, unknown>;
  for (const key of ['shipshapeSettings', 'shipshapeDb', 'shipshapeEngines', 'shipshapeWorker', 'shipshapeAuth', 'shipshapeSubmissionLimiter']) {
    if (key === 'shipshapeWorker') void (cache[key] as { stop?: () => Promise<void> } | undefined)?.stop?.();
    if (key === 'shipshapeDb') void (cache[key] as { close?: () => Promise<void> } | undefined)?.close?.().catch(() => undefined);
    delete cache[key];
  }
  return dataDir;
}

/**
 * useFreshSettings, then the database migrated and the instance key read: PostgreSQL
 * reads the key asynchronously, so code that needs it at once (instanceId, the build
 * limits, cache ids) waits for this first.
 */
export async function useReadySettings(extra: Record<string, string> = {}): Promise<string> {
  const dataDir = useFreshSettings(extra);
  const { dbReady } = await import('@/lib/db');
  await dbReady();
  return dataDir;
}
