import { dbReady, getDb } from '@/lib/db';
import { getSettings } from '@/lib/env';
import { getEngine, getEngines, onEngine, type Engine } from '@/lib/docker/client';
import { checkEngine } from '@/lib/docker/engine-health';
import { parseStoredOptions } from '@/lib/analyses/options';
import { removeAbandonedUploads } from '@/lib/analyses/receive-upload';
import { removeLeftovers, runAnalysis } from '@/lib/analyses/run-analysis';
import { removeUpload, specFromRecord } from '@/lib/analyses/stored-source';
import { unseal } from '@/lib/secrets';
import { registryCredentialsSchema, type RegistryCredentials } from '@/lib/sources/image-ref';
import { log } from '@/lib/log';
import { applyRetention, pruneBuildCacheAboveCap, removeOldFileDetails, sweepOrphans } from '@/lib/analyses/disk';
import { Worker } from '@/lib/queue/worker';
import type { JobProcessor } from '@/lib/queue/types';
import { analysisJobs } from '@/lib/analyses/store/jobs';

// The queue's worker wired to analyses: the processor runs an analysis on a Docker
// engine, cleans up after one whose worker died, and trims images, cache and uploads
// once one has ended. Started by instrumentation.ts (in the web server) or by
// scripts/worker.ts (`npm run worker`).

const report = (what: string, analysisId?: string) => (err: unknown) => log.error({ err, analysisId }, what);

/** Registry credentials given with an image submission, sealed in its row (none when they cannot be opened). */
function openCredentials(sealed: string): RegistryCredentials | undefined {
  const text = unseal(sealed);
  if (!text) return undefined;
  try {
    return registryCredentialsSchema.parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}

export const analysisProcessor: JobProcessor<Engine> = {
  engines: () => getEngines(),
  health: (engine) => onEngine(engine, () => checkEngine()),
  async run(id, engine, signal) {
    const record = await getDb().analysis.findUniqueOrThrow({ where: { id } });
    const controller = new AbortController();
    if (record.cancelRequested) controller.abort('canceled');
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    if (signal.aborted) controller.abort(signal.reason);
    const spec = specFromRecord(record);
    if (spec.type === 'git' && record.sourceSecret) spec.url = unseal(record.sourceSecret) ?? spec.url;
    if (spec.type === 'image' && record.sourceSecret) spec.credentials = openCredentials(record.sourceSecret);
    return onEngine(engine, () => runAnalysis(id, spec, parseStoredOptions(record.options), { signal: controller.signal }));
  },
  async cleanUp(id, engineName) {
    await onEngine(getEngine(engineName), () => removeLeftovers(id));
  },
  /** Once an analysis has ended: its upload goes, old images and cache are trimmed, orphans swept. */
  async afterEnd(id, engineName) {
    const engine = getEngine(engineName);
    const record = await getDb().analysis.findUnique({ where: { id }, select: { id: true, sourceType: true, sourceLabel: true, sourceRef: true, sourceSubdir: true } });
    if (record) await removeUpload(record).catch(report(`could not remove the upload of ${id}`, id));
    await applyRetention().catch(report('retention failed'));
    await removeOldFileDetails().catch(report('removing old file details failed'));
    await onEngine(engine, () => pruneBuildCacheAboveCap()).catch(report(`build cache prune on ${engine.name} failed`));
    // an engine that finishes a step after its build was stopped (Podman) may commit images later
    await onEngine(engine, () => sweepOrphans()).catch(report(`orphan sweep on ${engine.name} failed`));
  },
  async sweep(engine) {
    await onEngine(engine, () => sweepOrphans());
  },
};

const cache = globalThis as unknown as { shipshapeWorker?: Worker<Engine> };

/** This process's worker (created on first use, started by start() or idle()). */
export function getWorker(): Worker<Engine> {
  cache.shipshapeWorker ??= new Worker({ processor: analysisProcessor, jobs: analysisJobs, settings: () => getSettings().queue, log });
  return cache.shipshapeWorker;
}

/** Wakes this process's worker, if it runs one. */
export function wakeWorker(): void {
  cache.shipshapeWorker?.wake();
}

/** Stops a job if this process's worker runs it. */
export function cancelLocally(id: string): void {
  cache.shipshapeWorker?.cancel(id);
}

/** Migrates the database, removes abandoned uploads and, unless RUN_WORKER=0, starts this process's worker. */
export async function startWorker(): Promise<void> {
  await dbReady(); // migrates the database (and reads the instance key) before anything is served
  removeAbandonedUploads();
  if (!getSettings().queue.runWorker) return;
  const worker = getWorker();
  await worker.start();
  const stop = () => {
    worker.stop().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
