import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { getDb } from '@/lib/db';
import { getSettings } from '@/lib/env';
import { getEngine, getEngines, onEngine, type Engine } from '@/lib/docker/client';
import { checkEngine, type EngineHealth } from '@/lib/docker/engine-health';
import { parseStoredOptions } from '@/lib/analyses/options';
import { removeLeftovers, runAnalysis, type RunOutcome, type StopReason } from '@/lib/analyses/run-analysis';
import { removeUpload, specFromRecord } from '@/lib/analyses/stored-source';
import { unseal } from '@/lib/secrets';
import { claimNext, countOpenJobs, finishJob, noteWaiting, recoverExpiredJobs, renewLease, requeueJob } from '@/lib/queue/jobs';
import { applyRetention, pruneBuildCacheAboveCap, sweepOrphans } from '@/lib/queue/disk';

// The worker: claims queued analyses for each reachable engine (JOBS_PER_ENGINE at a
// time), renews their leases, stops them when the user cancels, and takes over jobs
// whose worker died. It runs inside the web server (instrumentation.ts) unless
// RUN_WORKER=0, or on its own with `npm run worker`; several may share one database.

const POLL_MS = 1000;
const HEALTH_TTL_MS = 5000;

interface RunningJob {
  id: string;
  engine: string;
  controller: AbortController;
  done: Promise<void>;
}

export class Worker {
  readonly id = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly running = new Map<string, RunningJob>();
  private readonly health = new Map<string, { at: number; health: EngineHealth }>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | null = null;
  private started = false;
  private stopping = false;
  private waitingNote: string | null = null;

  /** Sweeps what a crash left behind, then polls for work. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.recover();
    for (const engine of getEngines()) {
      if ((await this.engineHealth(engine)).reachable) {
        await onEngine(engine, () => sweepOrphans()).catch((e: unknown) => console.error(`shipshape: orphan sweep on ${engine.name} failed:`, (e as Error).message));
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

  /** Resolves once no analysis is queued or running (tests, benchmarks, scripts). */
  async idle(): Promise<void> {
    await this.start();
    for (;;) {
      await this.tick();
      await Promise.all([...this.running.values()].map((j) => j.done));
      if (this.running.size === 0 && (await countOpenJobs()) === 0) return;
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
        .catch((e: unknown) => console.error('shipshape: worker poll failed:', (e as Error).message))
        .finally(() => {
          if (!this.stopping) this.schedule(POLL_MS);
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
    for (const job of await recoverExpiredJobs(getSettings().queue.maxAttempts)) {
      console.log(`shipshape: analysis ${job.id} lost its worker; ${job.outcome === 'queued' ? 'queued again' : job.outcome}`);
      const engine = getEngine(job.engine);
      await onEngine(engine, () => removeLeftovers(job.id)).catch((e: unknown) => console.error(`shipshape: could not clean up after ${job.id}:`, (e as Error).message));
      if (job.outcome !== 'queued') await this.afterEnd(job.id, engine);
    }
  }

  private async engineHealth(engine: Engine): Promise<EngineHealth> {
    const cached = this.health.get(engine.name);
    if (cached && Date.now() - cached.at < HEALTH_TTL_MS) return cached.health;
    const health = await onEngine(engine, () => checkEngine());
    this.health.set(engine.name, { at: Date.now(), health });
    return health;
  }

  private async claimWork(): Promise<void> {
    if (this.stopping) return;
    await this.recover();
    const { jobsPerEngine, leaseSeconds } = getSettings().queue;
    const down: string[] = [];
    for (const engine of getEngines()) {
      const mine = [...this.running.values()].filter((j) => j.engine === engine.name).length;
      if (mine >= jobsPerEngine) continue;
      const health = await this.engineHealth(engine);
      if (!health.reachable) {
        down.push(`${engine.name}: ${health.reason}`);
        continue;
      }
      for (let slot = mine; slot < jobsPerEngine && !this.stopping; slot++) {
        const id = await claimNext(this.id, engine.name, jobsPerEngine, leaseSeconds * 1000);
        if (!id) break;
        this.begin(id, engine);
      }
    }
    // queued jobs say why they wait; written when that changes, not at every poll
    const waiting = down.length === getEngines().length ? `Waiting: no Docker engine is reachable (${down.join('; ')})` : null;
    if (waiting && waiting !== this.waitingNote) await noteWaiting(waiting);
    this.waitingNote = waiting;
  }

  private begin(id: string, engine: Engine): void {
    const controller = new AbortController();
    const done = this.runJob(id, engine, controller).finally(() => {
      this.running.delete(id);
      this.wake();
    });
    this.running.set(id, { id, engine: engine.name, controller, done });
  }

  private async runJob(id: string, engine: Engine, controller: AbortController): Promise<void> {
    const { leaseSeconds } = getSettings().queue;
    const heartbeat = setInterval(
      () => {
        renewLease(id, this.id, leaseSeconds * 1000)
          .then((lease) => {
            if (!lease.held) controller.abort('lease-lost' satisfies StopReason);
            else if (lease.cancelRequested) controller.abort('canceled' satisfies StopReason);
          })
          .catch(() => undefined);
      },
      Math.min(2000, (leaseSeconds * 1000) / 3),
    );
    let outcome: RunOutcome;
    try {
      const record = await getDb().analysis.findUniqueOrThrow({ where: { id } });
      if (record.cancelRequested) controller.abort('canceled' satisfies StopReason);
      const spec = specFromRecord(record);
      if (spec.type === 'git' && record.sourceSecret) spec.url = unseal(record.sourceSecret) ?? spec.url;
      outcome = await onEngine(engine, () => runAnalysis(id, spec, parseStoredOptions(record.options), { signal: controller.signal }));
    } catch (error) {
      console.error(`shipshape: analysis ${id} could not run:`, (error as Error).message);
      outcome = { status: 'failed', error: 'The analysis could not start on an internal error. Submit it again; if it happens again, the server log has the details.', message: 'Failed' };
    } finally {
      clearInterval(heartbeat);
    }
    if (outcome.status === 'abandoned') return;
    if (outcome.status === 'requeue') {
      this.health.delete(engine.name);
      await requeueJob(id, this.id, outcome.message);
      return;
    }
    if (await finishJob(id, this.id, outcome)) await this.afterEnd(id, engine);
  }

  /** Once an analysis has ended: its upload goes, old images and cache are trimmed, orphans swept. */
  private async afterEnd(id: string, engine: Engine): Promise<void> {
    const record = await getDb().analysis.findUnique({ where: { id }, select: { id: true, sourceType: true, sourceLabel: true, sourceRef: true, sourceSubdir: true } });
    if (record) await removeUpload(record).catch((e: unknown) => console.error(`shipshape: could not remove the upload of ${id}:`, (e as Error).message));
    await applyRetention().catch((e: unknown) => console.error('shipshape: retention failed:', (e as Error).message));
    await onEngine(engine, () => pruneBuildCacheAboveCap()).catch((e: unknown) => console.error(`shipshape: build cache prune on ${engine.name} failed:`, (e as Error).message));
    // an engine that finishes a step after its build was stopped (Podman) may commit images later
    await onEngine(engine, () => sweepOrphans()).catch((e: unknown) => console.error(`shipshape: orphan sweep on ${engine.name} failed:`, (e as Error).message));
  }
}

const cache = globalThis as unknown as { shipshapeWorker?: Worker };

/** This process's worker (created on first use, started by start() or idle()). */
export function getWorker(): Worker {
  cache.shipshapeWorker ??= new Worker();
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
