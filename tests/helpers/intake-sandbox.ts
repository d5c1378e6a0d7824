import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { useFreshSettings } from './test-settings';

// Shared by the hostile-intake tests: tight caps, a work dir whose parent is watched,
// and a way to await a refusal.

export const BASE_SETTINGS = {
  ALLOW_LOCAL_SOURCES: '0',
  SOURCE_HOST_ALLOWLIST: '',
  MAX_REPO_MB: '5',
  MAX_REPO_FILES: '200',
  MAX_PATH_DEPTH: '12',
  CLONE_TIMEOUT_SECONDS: '60',
};

export function settings(extra: Partial<Record<keyof typeof BASE_SETTINGS, string>> = {}): void {
  useFreshSettings({ ...BASE_SETTINGS, ...extra });
}

/** A work dir whose parent is watched: nothing may appear next to `dest`. */
export function workDir(): { parent: string; dest: string } {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'shipshape-hostile-'));
  return { parent, dest: path.join(parent, 'src') };
}

export function nothingEscaped(parent: string): void {
  expect(readdirSync(parent).filter((name) => name !== 'src')).toEqual([]);
}

export async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, 'expected a refusal').toBeInstanceOf(Error);
  return error!;
}
