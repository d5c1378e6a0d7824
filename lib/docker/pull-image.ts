import type Docker from 'dockerode';
import { getSettings } from '@/lib/env';
import { parseImageRef, repositoryOf, type RegistryCredentials } from '@/lib/sources/image-ref';

export { repositoryOf };

// Pulls from a registry through the engine: the digest asked first (so what is pulled
// is pinned), credentials given per pull (X-Registry-Auth; never written to a log or an
// engine's config), and the engine's progress counted per layer.

/** What the engine takes as X-Registry-Auth. */
export interface AuthConfig {
  username: string;
  password: string;
  serveraddress: string;
}

/** Docker Hub's names for itself, as REGISTRY_CREDENTIALS may key it. */
const HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The credentials for the registry of `ref`: those given, else REGISTRY_CREDENTIALS's, else none. */
export function authFor(ref: string, given?: RegistryCredentials): AuthConfig | undefined {
  const registry = parseImageRef(ref)?.registry ?? 'docker.io';
  const stored = getSettings().registryCredentials;
  const credentials = given ?? stored[registry] ?? (HUB.has(registry) ? [...HUB].map((name) => stored[name]).find(Boolean) : undefined);
  if (!credentials) return undefined;
  return { username: credentials.username, password: credentials.password, serveraddress: HUB.has(registry) ? 'https://index.docker.io/v1/' : registry };
}

export function dial<T>(docker: Docker, options: object): Promise<T> {
  const modem = docker.modem as unknown as { dial: (options: object, callback: (error: Error | null, data: unknown) => void) => void };
  return new Promise((resolve, reject) => modem.dial(options, (error, data) => (error ? reject(error) : resolve(data as T))));
}

/** The engine's own words for a failed request. */
export function engineWords(error: unknown): string {
  const json = (error as { json?: { message?: string } }).json;
  return (json?.message ?? (error as Error).message ?? String(error)).trim();
}

export const statusOf = (error: unknown) => (error as { statusCode?: number }).statusCode;

interface DistributionAnswer {
  Descriptor?: { digest?: string };
}

/** The digest the registry has for `ref` (the engine asks it, with the credentials). */
export async function registryDigest(docker: Docker, ref: string, auth?: AuthConfig): Promise<string | undefined> {
  const answer = await dial<DistributionAnswer>(docker, {
    path: `/distribution/${ref}/json`,
    method: 'GET',
    authconfig: auth,
    statusCodes: { 200: true, 401: 'unauthorized', 403: 'forbidden', 404: 'not found', 500: 'server error' },
  });
  return answer.Descriptor?.digest;
}

export interface PullProgress {
  /** layers downloaded (or already on the engine) of those the pull named */
  layersDone: number;
  layers: number;
  /** bytes downloaded of the layers whose size the engine told */
  bytesDone: number;
  bytes: number;
}

interface PullEvent {
  id?: string;
  status?: string;
  error?: string;
  progressDetail?: { current?: number; total?: number };
}

const LAYER_DONE = /^(Pull complete|Already exists|Download complete|Exists|Done)/i;

/** Pulls `ref`, calling `onProgress` as layers arrive; rejects with the engine's words. */
export async function pullImage(docker: Docker, ref: string, options: { auth?: AuthConfig; onProgress?: (p: PullProgress) => void; signal?: AbortSignal } = {}): Promise<void> {
  const stream = (await docker.pull(ref, options.auth ? { authconfig: options.auth } : {})) as NodeJS.ReadableStream & { destroy?: (e?: Error) => void };
  const layers = new Map<string, { done: boolean; current: number; total: number }>();
  const stop = () => stream.destroy?.(new Error('The analysis was canceled.'));
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(
        stream,
        (error: Error | null, events: PullEvent[]) => {
          const failed = error?.message ?? events?.find((e) => e.error)?.error;
          if (failed) reject(new Error(failed));
          else resolve();
        },
        (event: PullEvent) => {
          // a layer's events carry its short id; the first and last lines name the image
          if (!event.id || !event.status || event.id === ref || /^(Pulling from|Digest|Status)/.test(event.status)) return;
          const layer = layers.get(event.id) ?? { done: false, current: 0, total: 0 };
          if (LAYER_DONE.test(event.status)) layer.done = true;
          if (event.progressDetail?.total && /Downloading/i.test(event.status)) {
            layer.current = event.progressDetail.current ?? layer.current;
            layer.total = event.progressDetail.total;
          }
          layers.set(event.id, layer);
          const all = [...layers.values()];
          options.onProgress?.({
            layersDone: all.filter((l) => l.done).length,
            layers: all.length,
            bytesDone: all.reduce((sum, l) => sum + (l.done ? l.total : l.current), 0),
            bytes: all.reduce((sum, l) => sum + l.total, 0),
          });
        },
      ),
    );
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
}
