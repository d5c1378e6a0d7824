import { getDb } from '@/lib/db';
import { claimQueued } from '@/lib/db/dialect';
import type { ExpiredJob, JobEnd, JobStore, LeaseState } from '@/lib/queue/types';

// The analysis store, the queue's job state (lib/analyses/store/README.md). Analyses
// are the queue's jobs: a row with a status and a lease. A worker claims a
// queued row in one UPDATE (lib/db/dialect.ts: SQLite runs one writer at a time;
// PostgreSQL takes the row FOR UPDATE SKIP LOCKED, so two workers cannot claim it), renews its lease while it works, and writes the end only
// while it still holds the lease. A lease that runs out means its worker died: the job
// is queued again or, after JOB_MAX_ATTEMPTS, ends failed with the reason.
// Writes stay short (one statement each): prisma/orm#10403. Every time comes from the
// caller (the worker's clock), so leases can be tested without waiting.

/** What the queue itself says about a job (the analysis adds its own phases). */
interface QueueProgress {
  phase: 'queued' | 'fetching' | 'finished';
  message: string;
}
const progressJson = (progress: QueueProgress): PrismaJson.AnalysisProgress => progress;

/**
 * Claims a queued analysis for `engine` while it runs fewer than `perEngine` jobs. The
 * queue is fair between submitters: the job is the oldest queued one of the submitter
 * with the fewest running jobs and, among those, the one served longest ago (whose
 * last job started earliest, or never). So one user's ten queued jobs take turns with
 * another user's one instead of going first. Still one statement: two workers never
 * claim the same job.
 */
export async function claimNext(owner: string, engine: string, perEngine: number, leaseMs: number, now = new Date()): Promise<string | null> {
  const until = new Date(now.getTime() + leaseMs);
  return claimQueued({ owner, engine, perEngine, until, now, progress: progressJson({ phase: 'fetching', message: `Starting on engine ${engine}` }) });
}

/** Extends the lease if `owner` still holds it; says whether the user asked to cancel. */
export async function renewLease(id: string, owner: string, leaseMs: number, now = new Date()): Promise<LeaseState> {
  const db = getDb();
  const renewed = await db.analysis.updateMany({ where: { id, leaseOwner: owner, status: 'running' }, data: { leaseUntil: new Date(now.getTime() + leaseMs) } });
  if (renewed.count === 0) return { held: false, cancelRequested: false };
  const row = await db.analysis.findUnique({ where: { id }, select: { cancelRequested: true } });
  return { held: true, cancelRequested: row?.cancelRequested ?? false };
}

/** Writes the job's end, only while `owner` holds its lease. Returns whether it did. */
export async function finishJob(id: string, owner: string, end: JobEnd, now = new Date()): Promise<boolean> {
  const done = await getDb().analysis.updateMany({
    where: { id, leaseOwner: owner, status: 'running' },
    data: {
      status: end.status,
      error: end.error,
      finishedAt: now,
      leaseOwner: null,
      leaseUntil: null,
      sourceSecret: null,
      progress: progressJson({ phase: 'finished', message: end.message }),
    },
  });
  return done.count === 1;
}

/** Puts a job its worker cannot finish (engine gone, shutting down) back in the queue. */
export async function requeueJob(id: string, owner: string, message: string): Promise<boolean> {
  const done = await getDb().analysis.updateMany({
    where: { id, leaseOwner: owner, status: 'running' },
    data: { status: 'queued', engine: null, leaseOwner: null, leaseUntil: null, progress: progressJson({ phase: 'queued', message }) },
  });
  return done.count === 1;
}

/** Cancels a queued analysis at once; a running one is flagged for its worker. */
export async function requestCancel(id: string): Promise<'canceled' | 'stopping' | 'finished'> {
  const db = getDb();
  const queued = await db.analysis.updateMany({
    where: { id, status: 'queued' },
    data: {
      status: 'canceled',
      cancelRequested: true,
      finishedAt: new Date(),
      sourceSecret: null,
      progress: progressJson({ phase: 'finished', message: 'Canceled before it started' }),
    },
  });
  if (queued.count === 1) return 'canceled';
  const running = await db.analysis.updateMany({ where: { id, status: 'running' }, data: { cancelRequested: true } });
  return running.count === 1 ? 'stopping' : 'finished';
}

/**
 * Jobs whose worker stopped renewing their lease (the process died): queued again,
 * or failed once they were tried `maxAttempts` times, or canceled if the user asked.
 * Returns them so their leftovers on the engine can be removed.
 */
export async function recoverExpiredJobs(maxAttempts: number, now = new Date()): Promise<ExpiredJob[]> {
  const db = getDb();
  const expired = await db.analysis.findMany({
    where: { status: 'running', OR: [{ leaseUntil: { lt: now } }, { leaseUntil: null }] },
    select: { id: true, engine: true, attempts: true, cancelRequested: true, leaseOwner: true },
  });
  const recovered: ExpiredJob[] = [];
  for (const job of expired) {
    const guard = { id: job.id, status: 'running' as const, leaseOwner: job.leaseOwner };
    const common = { engine: null, leaseOwner: null, leaseUntil: null };
    let outcome: ExpiredJob['outcome'];
    let count: number;
    if (job.cancelRequested) {
      outcome = 'canceled';
      ({ count } = await db.analysis.updateMany({
        where: guard,
        data: { ...common, status: 'canceled', finishedAt: now, sourceSecret: null, progress: progressJson({ phase: 'finished', message: 'Canceled' }) },
      }));
    } else if (job.attempts >= maxAttempts) {
      outcome = 'failed';
      const error = `The server stopped while this analysis ran, ${job.attempts} time${job.attempts === 1 ? '' : 's'}; it is not tried again. Submit it again, and if it keeps happening, check the server's memory and its log.`;
      ({ count } = await db.analysis.updateMany({
        where: guard,
        data: { ...common, status: 'failed', error, finishedAt: now, sourceSecret: null, progress: progressJson({ phase: 'finished', message: 'Failed' }) },
      }));
    } else {
      outcome = 'queued';
      ({ count } = await db.analysis.updateMany({
        where: guard,
        data: { ...common, status: 'queued', progress: progressJson({ phase: 'queued', message: 'The server stopped during this analysis; it starts again from the beginning' }) },
      }));
    }
    if (count === 1) recovered.push({ id: job.id, engine: job.engine, outcome });
  }
  return recovered;
}

/** Tells queued jobs why they wait (e.g. no engine is reachable). */
export async function noteWaiting(message: string): Promise<void> {
  await getDb().analysis.updateMany({ where: { status: 'queued' }, data: { progress: progressJson({ phase: 'queued', message }) } });
}

export async function countOpenJobs(): Promise<number> {
  return getDb().analysis.count({ where: { status: { in: ['queued', 'running'] } } });
}

/** The queue's job store (lib/queue/worker.ts): analyses are its jobs. */
export const analysisJobs: JobStore = {
  claimNext,
  renewLease,
  finishJob,
  requeueJob,
  recoverExpiredJobs,
  noteWaiting,
  countOpenJobs,
};
