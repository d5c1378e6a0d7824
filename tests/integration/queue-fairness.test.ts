import { describe, expect, it } from 'vitest';
import { useFreshSettings } from '../helpers/test-settings';

// The queue takes turns between submitters: user A queues ten analyses, then user B
// one; with one engine building one at a time, B's runs second, not eleventh. Jobs
// are claimed with claimNext itself on rows written here (no builds needed).

useFreshSettings({ RUN_WORKER: '0' });
const { getDb } = await import('@/lib/db');
const { claimNext, finishJob } = await import('@/lib/analyses/store/jobs');

const LEASE_MS = 30_000;
let serial = 0;

async function queue(submittedBy: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    serial++;
    await getDb().analysis.create({
      data: {
        id: `job-${String(serial).padStart(3, '0')}`,
        status: 'queued',
        sourceType: 'sample',
        sourceLabel: 'sample:go',
        shareToken: `share-${serial}`,
        submittedBy,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, serial)),
      },
    });
  }
}

async function submitterOf(id: string | null): Promise<string | null> {
  if (!id) return null;
  return (await getDb().analysis.findUniqueOrThrow({ where: { id } })).submittedBy;
}

describe('the queue', () => {
  it('runs B’s one job second when A queued ten before it (one engine, one job at a time)', async () => {
    await queue('a@example.com', 10);
    await queue('b@example.com', 1);

    const order: (string | null)[] = [];
    for (let i = 0; i < 11; i++) {
      const id = await claimNext('worker-1', 'local', 1, LEASE_MS);
      // the engine is busy until the job ends: nothing else is claimed meanwhile
      expect(await claimNext('worker-2', 'local', 1, LEASE_MS)).toBeNull();
      order.push(await submitterOf(id));
      expect(await finishJob(id!, 'worker-1', { status: 'succeeded', error: null, message: 'done' })).toBe(true);
    }
    expect(order.indexOf('b@example.com')).toBe(1);
    expect(order.filter((s) => s === 'a@example.com')).toHaveLength(10);
    expect(await claimNext('worker-1', 'local', 1, LEASE_MS)).toBeNull();
  });

  it('gives the free slots to the submitters with the fewest running jobs, and never one job twice', async () => {
    await queue('c@example.com', 3);
    await queue('d@example.com', 2);
    // two workers claim at once on an engine taking two jobs
    const claimed = await Promise.all([claimNext('w1', 'local', 2, LEASE_MS), claimNext('w2', 'local', 2, LEASE_MS), claimNext('w3', 'local', 2, LEASE_MS)]);
    const ids = claimed.filter((id): id is string => id !== null);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    expect((await Promise.all(ids.map(submitterOf))).sort()).toEqual(['c@example.com', 'd@example.com']);
  });
});
