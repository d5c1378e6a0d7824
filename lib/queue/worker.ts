import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Clock, JobOutcome, JobProcessor, JobStore, QueueEngine, QueueLog, StopReason, WorkerOptions } from '@/lib/queue/types';

// The queue's worker, as a mechanism: through its job store it claims queued jobs for
// each engine its processor names (jobsPerEngine at a time), renews their leases, stops
// a job when its user cancels or its lease is lost, and takes over jobs whose worker
// died. What a job is, what an engine is and how one runs are the processor's, where
// jobs are kept is the store's (./types.ts; lib/analyses/analysis-worker.ts wires the
// analysis processor and lib/analyses/store/jobs.ts); the time is the clock's, so
// claim, renew and recover are tested with a fake one (lib/queue/worker.test.ts).

export const systemClock: Clock = { now: () => new Date() };

const consoleLog: QueueLog = {
  info: (fields, message) => console.log(message, fields),
  error: (fields, message) => console.error(message, fields),
};

interface RunningJob {
  id: string;
  engine: string;
  controller: AbortController;
  done: Promise<void>;
}

const INTERNAL_ERROR = 'The analysis could not start on an internal error. Submit it again; if it happens again, the server log has the details.';

export class Worker<E extends QueueEngine = QueueEngine> {
  readonly id = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly running = new Map<string, RunningJob>();
  private readonly health = new Map<string, { at: number; health: { reachable: boolean; reason?: string } }>();
  private readonly processor: JobProcessor<E>;
  private readonly jobs: JobStore;
  private readonly clock: Clock;
  private readonly pollMs: number;
  private readonly healthTtlMs: number;
  private readonly log: QueueLog;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | null = null;
  private started = false;
  private stopping = false;
  private waitingNote: string | null = null;

  constructor(private readonly options: WorkerOptions<E>) {
    this.processor = options.processor;
    this.jobs = options.jobs;
    this.clock = options.clock ?? systemClock;
    this.pollMs = options.pollMs ?? 1000;
    this.healthTtlMs = options.healthTtlMs ?? 5000;
    this.log = options.log ?? consoleLog;
  }

  /** Sweeps what a crash left behind, then polls for work. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.recover();
    for (const engine of this.processor.engines()) {
      if (this.processor.sweep && (await this.engineHealth(engine)).reachable) {
        await this.processor.sweep(engine).catch((err: unknown) => this.log.error({ err, engine: engine.name }, `orphan sweep on ${engine.name} failed`));
      }
    }
    this.schedule(0);
  }

  /** Looks for work now (after a submission) instead of at the next poll. */
  wake(): void {
    if (this.started && !this.stopping) this.schedule(0);
  }

  /** Stops a job this worker runs at once (the heartbeat would within seconds). */
  cancel(id: string): void {
    this.running.get(id)?.controller.abort('canceled' satisfies StopReason);
  }

  /** The jobs this worker runs now. */
  runningJobs(): string[] {
    return [...this.running.keys()];
  }

  /** Renews the lease of every running job now: what the heartbeat does (tests). */
  async renewLeases(): Promise<void> {
    await Promise.all([...this.running.values()].map((job) => this.heartbeat(job.id, job.controller)));
  }

  /** One round without the timer: recover, claim, start what was claimed (tests). */
  async poll(): Promise<void> {
    await this.tick();
  }

  /** Resolves once no job is queued or running (tests, benchmarks, scripts). */
  async idle(): Promise<void> {
    await this.start();
    for (;;) {
      await this.tick();
      await Promise.all([...this.running.values()].map((j) => j.done));
      if (this.running.size === 0 && (await this.jobs.countOpenJobs()) === 0) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Stops claiming; running jobs are stopped and queued again for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    for (const job of this.running.values()) job.controller.abort('shutdown' satisfies StopReason);
    await Promise.all([...this.running.values()].map((j) => j.done));
  }

  private schedule(delay: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.tick()
        .catch((err: unknown) => this.log.error({ err }, 'worker poll failed'))
        .finally(() => {
          if (!this.stopping) this.schedule(this.pollMs);
        });
    }, delay);
    this.timer.unref?.();
  }

  private tick(): Promise<void> {
    this.ticking ??= this.claimWork().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async recover(): Promise<void> {
    for (const job of await this.jobs.recoverExpiredJobs(this.options.settings().maxAttempts, this.clock.now())) {
      this.log.info(
        { analysisId: job.id, engine: job.engine, outcome: job.outcome },
        `analysis ${job.id} lost its worker; ${job.outcome === 'queued' ? 'queued again' : job.outcome}`,
      );
      await this.processor.cleanUp(job.id, job.engine).catch((err: unknown) => this.log.error({ err, analysisId: job.id }, `could not clean up after ${job.id}`));
      if (job.outcome !== 'queued') await this.afterEnd(job.id, job.engine ?? '');
    }
  }

  private async engineHealth(engine: E): Promise<{ reachable: boolean; reason?: string }> {
    const cached = this.health.get(engine.name);
    const now = this.clock.now().getTime();
    if (cached && now - cached.at < this.healthTtlMs) return cached.health;
    const health = await this.processor.health(engine);
    this.health.set(engine.name, { at: now, health });
    return health;
  }

  private async claimWork(): Promise<void> {
    if (this.stopping) return;
    await this.recover();
    const { jobsPerEngine, leaseSeconds } = this.options.settings();
    const engines = this.processor.engines();
    const down: string[] = [];
    for (const engine of engines) {
      const mine = [...this.running.values()].filter((j) => j.engine === engine.name).length;
      if (mine >= jobsPerEngine) continue;
      const health = await this.engineHealth(engine);
      if (!health.reachable) {
        down.push(`${engine.name}: ${health.reason}`);
        continue;
      }
      for (let slot = mine; slot < jobsPerEngine && !this.stopping; slot++) {
        const id = await this.jobs.claimNext(this.id, engine.name, jobsPerEngine, leaseSeconds * 1000, this.clock.now());
        if (!id) break;
        this.begin(id, engine);
      }
    }
    // queued jobs say why they wait; written when that changes, not at every poll
    const waiting = down.length === engines.length ? `Waiting: no Docker engine is reachable (${down.join('; ')})` : null;
    if (waiting && waiting !== this.waitingNote) await this.jobs.noteWaiting(waiting);
    this.waitingNote = waiting;
  }

  private begin(id: string, engine: E): void {
    const controller = new AbortController();
    const done = this.runJob(id, engine, controller).finally(() => {
      this.running.delete(id);
      this.wake();
    });
    this.running.set(id, { id, engine: engine.name, controller, done });
  }

  /** Renews the lease now; aborts the job when the lease is lost or its user cancels. */
  private async heartbeat(id: string, controller: AbortController): Promise<void> {
    const lease = await this.jobs.renewLease(id, this.id, this.options.settings().leaseSeconds * 1000, this.clock.now());
    if (!lease.held) controller.abort('lease-lost' satisfies StopReason);
    else if (lease.cancelRequested) controller.abort('canceled' satisfies StopReason);
  }

  private async runJob(id: string, engine: E, controller: AbortController): Promise<void> {
    const every = this.options.heartbeatMs ?? Math.min(2000, (this.options.settings().leaseSeconds * 1000) / 3);
    const heartbeat = setInterval(() => void this.heartbeat(id, controller).catch(() => undefined), every);
    let outcome: JobOutcome;
    const started = this.clock.now().getTime();
    this.log.info({ analysisId: id, engine: engine.name, worker: this.id }, `analysis ${id} started on ${engine.name}`);
    try {
      outcome = await this.processor.run(id, engine, controller.signal);
    } catch (error) {
      this.log.error({ err: error, analysisId: id, engine: engine.name }, `analysis ${id} could not run`);
      outcome = { status: 'failed', error: INTERNAL_ERROR, message: 'Failed' };
    } finally {
      clearInterval(heartbeat);
    }
    const seconds = Math.round((this.clock.now().getTime() - started) / 100) / 10;
    this.log.info({ analysisId: id, engine: engine.name, outcome: outcome.status, seconds }, `analysis ${id} ended: ${outcome.status} after ${seconds} s`);
    if (outcome.status === 'abandoned') return;
    if (outcome.status === 'requeue') {
      this.health.delete(engine.name);
      await this.jobs.requeueJob(id, this.id, outcome.message);
      return;
    }
    if (await this.jobs.finishJob(id, this.id, outcome, this.clock.now())) await this.afterEnd(id, engine.name);
  }

  private async afterEnd(id: string, engineName: string): Promise<void> {
    await this.processor.afterEnd(id, engineName).catch((err: unknown) => this.log.error({ err, analysisId: id }, `clean-up after ${id} ended failed`));
  }
}
