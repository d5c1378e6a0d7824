// `npm run worker`: a build worker on its own, beside web servers started with
// RUN_WORKER=0 (or beside others: jobs are claimed with a lease in the database).
import { getSettings } from '@/lib/env';
import { getEngines } from '@/lib/docker/client';
import { getWorker } from '@/lib/analyses/analysis-worker';
import { dbReady } from '@/lib/db';
import { log } from '@/lib/log';

await dbReady(); // migrates the database and reads the instance key
const worker = getWorker();
await worker.start();
log.info(
  { worker: worker.id },
  `shipshape worker ${worker.id}: ${getEngines()
    .map((e) => `${e.name} (${e.url})`)
    .join(', ')}, ${getSettings().queue.jobsPerEngine} job(s) per engine`,
);
const keepAlive = setInterval(() => undefined, 60_000);
const stop = (signal: string) => {
  log.info({ worker: worker.id, signal }, `shipshape worker: ${signal}, putting running jobs back in the queue`);
  clearInterval(keepAlive);
  worker.stop().finally(() => process.exit(0));
};
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
