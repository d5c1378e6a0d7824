import { removeAbandonedUploads } from '@/lib/analyses/receive-upload';
import { getDb } from '@/lib/db';
import { getSettings } from '@/lib/env';
import { getWorker } from '@/lib/queue/worker';

/** Migrates the database, removes abandoned uploads and, unless RUN_WORKER=0, starts this process's worker. */
export async function startWorker(): Promise<void> {
  getDb(); // applies migrations
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
