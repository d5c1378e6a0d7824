// The queue's contracts: what the worker (./worker.ts) is given. A processor says what
// a job is and how it runs, a job store where jobs are kept (lib/analyses/store/jobs.ts),
// a clock what time it is.

/** Why a job was stopped from outside: the abort signal's reason. */
export type StopReason = 'canceled' | 'lease-lost' | 'shutdown';

/** How a job ended; the worker writes it only while it holds the job's lease. */
export type JobOutcome =
  | JobEnd
  /** the engine went away or the process is stopping: the job goes back to the queue */
  | { status: 'requeue'; message: string }
  /** another worker holds the job now: nothing is written */
  | { status: 'abandoned' };

/** How a job ended, as the store records it. */
export interface JobEnd {
  status: 'succeeded' | 'failed' | 'canceled';
  error: string | null;
  message: string;
}

export interface LeaseState {
  held: boolean;
  cancelRequested: boolean;
}

export interface ExpiredJob {
  id: string;
  engine: string | null;
  outcome: 'queued' | 'failed' | 'canceled';
}

/**
 * Where jobs live, with a status and a lease. Every write is guarded: a claim takes a
 * job no other worker holds, and the end is written only while `owner` holds its lease.
 * Times come from the worker's clock.
 */
export interface JobStore {
  /** a queued job for `engine` while it runs fewer than `perEngine`, leased to `owner` */
  claimNext(owner: string, engine: string, perEngine: number, leaseMs: number, now: Date): Promise<string | null>;
  renewLease(id: string, owner: string, leaseMs: number, now: Date): Promise<LeaseState>;
  finishJob(id: string, owner: string, end: JobEnd, now: Date): Promise<boolean>;
  /** back to the queue (engine gone, shutting down) */
  requeueJob(id: string, owner: string, message: string): Promise<boolean>;
  /** jobs whose lease ran out: queued again, failed after `maxAttempts`, or canceled */
  recoverExpiredJobs(maxAttempts: number, now: Date): Promise<ExpiredJob[]>;
  /** tells queued jobs why they wait */
  noteWaiting(message: string): Promise<void>;
  countOpenJobs(): Promise<number>;
}

export interface Clock {
  now(): Date;
}

export interface QueueEngine {
  name: string;
}

export interface JobProcessor<E extends QueueEngine> {
  /** the engines this worker claims jobs for */
  engines(): E[];
  health(engine: E): Promise<{ reachable: boolean; reason?: string }>;
  /** runs the job; never throws for the job's own failures (a throw ends it failed) */
  run(id: string, engine: E, signal: AbortSignal): Promise<JobOutcome>;
  /** removes what a job whose worker died left (on the engine it ran on, if known) */
  cleanUp(id: string, engineName: string | null): Promise<void>;
  /** after a job's end was written */
  afterEnd(id: string, engineName: string): Promise<void>;
  /** once at start, for each reachable engine (leftovers of a crash) */
  sweep?(engine: E): Promise<void>;
}

export interface QueueSettings {
  jobsPerEngine: number;
  leaseSeconds: number;
  maxAttempts: number;
}

export interface WorkerOptions<E extends QueueEngine> {
  processor: JobProcessor<E>;
  jobs: JobStore;
  settings: () => QueueSettings;
  clock?: Clock;
  pollMs?: number;
  /** how often running jobs' leases are renewed (default: a third of the lease, at most 2 s) */
  heartbeatMs?: number;
  /** how long an engine's health answer is trusted */
  healthTtlMs?: number;
  log?: QueueLog;
}

/** Where the worker reports (pino's signature: fields, then the message). */
export interface QueueLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
