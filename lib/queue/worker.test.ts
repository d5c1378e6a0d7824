import { describe, expect, it } from 'vitest';
import { useFreshSettings } from '../../tests/helpers/test-settings';

// The queue as a mechanism, fast: workers with a fake clock and a processor whose jobs
// end when the test says, on a real database (SQLite here, PostgreSQL in the
// "postgres" project). Claim, renew, recover, cancel and the failure paths, no builds,
// no waiting for a lease to run out.

useFreshSettings({ RUN_WORKER: '0' });
const { getDb } = await import('@/lib/db');
const { analysisJobs, requestCancel } = await import('@/lib/analyses/store/jobs');
const { Worker } = await import('@/lib/queue/worker');
type Outcome = import('@/lib/queue/types').JobOutcome;

const LEASE_SECONDS = 30;

class FakeClock {
  constructor(public ms = Date.UTC(2026, 10, 30, 12)) {}
  now = () => new Date(this.ms);
  advance(seconds: number) {
    this.ms += seconds * 1000;
  }
}

interface Started {
  id: string;
  signal: AbortSignal;
  end: (outcome: Outcome | Error) => void;
}

/** A processor on one engine whose jobs run until the test ends them. */
function fakeProcessor(engine = 'local', reachable = true) {
  const started: Started[] = [];
  const cleaned: string[] = [];
  const ended: string[] = [];
  const processor = {
    engines: () => [{ name: engine }],
    health: async () => (reachable ? { reachable: true } : { reachable: false, reason: 'connect ENOENT /var/run/docker.sock' }),
    run: (id: string, _engine: { name: string }, signal: AbortSignal) =>
      new Promise<Outcome>((resolve, reject) => {
        started.push({ id, signal, end: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)) });
      }),
    cleanUp: async (id: string) => void cleaned.push(id),
    afterEnd: async (id: string) => void ended.push(id),
  };
  return { processor, started, cleaned, ended };
}

const logged: string[] = [];
const line = (fields: object, message: string) => {
  const { err, ...rest } = fields as { err?: Error };
  logged.push(`${message} ${JSON.stringify(rest)} ${err?.stack ?? ''}`);
};
const log = { info: line, error: line };

function worker(clock: FakeClock, processor: ReturnType<typeof fakeProcessor>['processor'], maxAttempts = 2) {
  return new Worker({ processor, jobs: analysisJobs, clock, log, heartbeatMs: 3_600_000, settings: () => ({ jobsPerEngine: 1, leaseSeconds: LEASE_SECONDS, maxAttempts }) });
}

let serial = 0;
async function queued(): Promise<string> {
  const id = `fast-${++serial}`;
  await getDb().analysis.create({
    data: { id, status: 'queued', sourceType: 'sample', sourceLabel: 'sample:go', shareToken: `share-fast-${serial}`, submittedBy: 'a@example.com' },
  });
  return id;
}

const row = (id: string) =>
  getDb().analysis.findUniqueOrThrow({ where: { id }, select: { status: true, attempts: true, leaseUntil: true, leaseOwner: true, error: true, progress: true } });
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('the worker, with a fake clock', () => {
  it('claims a job with a lease from its clock, renews it as the clock moves, and writes the end once', async () => {
    const clock = new FakeClock();
    const fake = fakeProcessor();
    const w = worker(clock, fake.processor);
    const id = await queued();
    await w.poll();
    expect(fake.started.map((s) => s.id)).toEqual([id]);
    expect((await row(id)).leaseUntil!.getTime()).toBe(clock.ms + LEASE_SECONDS * 1000);
    // one job at a time on the engine: a second poll claims nothing more
    const next = await queued();
    await w.poll();
    expect(fake.started).toHaveLength(1);

    clock.advance(20);
    await w.renewLeases();
    expect((await row(id)).leaseUntil!.getTime()).toBe(clock.ms + LEASE_SECONDS * 1000);

    fake.started[0]!.end({ status: 'succeeded', error: null, message: 'Done' });
    await settle();
    expect(await row(id)).toMatchObject({ status: 'succeeded', attempts: 1, leaseOwner: null, leaseUntil: null });
    expect(fake.ended).toEqual([id]);
    // the engine is free again: the next poll starts the next job
    await w.poll();
    expect(fake.started.map((s) => s.id)).toEqual([id, next]);
    fake.started[1]!.end({ status: 'failed', error: 'The build failed', message: 'Failed' });
    await settle();
    expect(await row(next)).toMatchObject({ status: 'failed', error: 'The build failed' });
  });

  it('takes over a job whose worker stopped renewing once its lease ran out; the old worker is told and writes nothing; after maxAttempts it fails', async () => {
    const clock = new FakeClock();
    const a = fakeProcessor();
    const b = fakeProcessor();
    const c = fakeProcessor();
    const first = worker(clock, a.processor);
    const second = worker(clock, b.processor);
    const third = worker(clock, c.processor);
    const id = await queued();
    await first.poll();
    expect(a.started).toHaveLength(1);

    // the lease still holds: another worker leaves the job alone
    clock.advance(LEASE_SECONDS - 1);
    await second.poll();
    expect(b.started).toHaveLength(0);

    // past the lease: recovered (what it left is cleaned up), queued again, claimed by the second worker
    clock.advance(2);
    await second.poll();
    expect(b.cleaned).toEqual([id]);
    expect(b.started.map((s) => s.id)).toEqual([id]);
    expect(await row(id)).toMatchObject({ status: 'running', attempts: 2, leaseOwner: second.id });

    // the first worker's next renewal finds the lease gone: its run is stopped, nothing written
    await first.renewLeases();
    expect(a.started[0]!.signal.reason).toBe('lease-lost');
    a.started[0]!.end({ status: 'abandoned' });
    await settle();
    expect(await row(id)).toMatchObject({ status: 'running', leaseOwner: second.id });

    // the second worker dies too: the job has had its two attempts and ends failed, with the reason
    clock.advance(LEASE_SECONDS + 1);
    await third.poll();
    const failed = await row(id);
    expect(failed).toMatchObject({ status: 'failed', leaseOwner: null });
    expect(failed.error).toMatch(/stopped while this analysis ran, 2 times/);
    expect(c.started).toHaveLength(0);
    expect(c.ended).toEqual([id]);
    expect(logged.some((entry) => entry.includes(`analysis ${id} lost its worker; failed`))).toBe(true);
  });

  it('passes a cancel request to the running job at the next renewal and writes it canceled', async () => {
    const clock = new FakeClock();
    const fake = fakeProcessor();
    const w = worker(clock, fake.processor);
    const id = await queued();
    await w.poll();
    expect(await requestCancel(id)).toBe('stopping');
    await w.renewLeases();
    expect(fake.started[0]!.signal.reason).toBe('canceled');
    fake.started[0]!.end({ status: 'canceled', error: null, message: 'Canceled' });
    await settle();
    expect((await row(id)).status).toBe('canceled');
  });

  it('ends a job whose processor throws as failed, tells the user what to do and logs the stack', async () => {
    const clock = new FakeClock();
    const fake = fakeProcessor();
    const w = worker(clock, fake.processor);
    const id = await queued();
    await w.poll();
    fake.started[0]!.end(new Error('the processor broke'));
    await settle();
    const ended = await row(id);
    expect(ended.status).toBe('failed');
    expect(ended.error).toMatch(/Submit it again/);
    // the log line carries the analysis id and the error's stack
    expect(logged.some((entry) => entry.includes(`"analysisId":"${id}"`) && entry.includes('the processor broke') && entry.includes('worker.test.ts'))).toBe(true);
  });

  it('puts a job back in the queue when the processor asks (its engine went away)', async () => {
    const clock = new FakeClock();
    const fake = fakeProcessor();
    const w = worker(clock, fake.processor);
    const id = await queued();
    await w.poll();
    fake.started[0]!.end({ status: 'requeue', message: 'The engine went away; waiting for it' });
    await settle();
    expect(await row(id)).toMatchObject({ status: 'queued', leaseOwner: null });
    expect((await row(id)).progress).toMatchObject({ phase: 'queued', message: 'The engine went away; waiting for it' });
    await getDb().analysis.update({ where: { id }, data: { status: 'canceled' } });
  });

  it('claims nothing while its only engine is down, and tells queued jobs why', async () => {
    const clock = new FakeClock();
    const fake = fakeProcessor('local', false);
    const w = worker(clock, fake.processor);
    const id = await queued();
    await w.poll();
    expect(fake.started).toHaveLength(0);
    expect((await row(id)).progress?.message).toMatch(/no Docker engine is reachable \(local: connect ENOENT/);
  });
});
