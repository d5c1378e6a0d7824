import { getDb } from '@/lib/db';

/** How many analyses wait, and how many run on each engine. */
export async function queueByEngine(): Promise<{ queued: number; running: Record<string, number> }> {
  const db = getDb();
  const [queued, running] = await Promise.all([
    db.analysis.count({ where: { status: 'queued' } }),
    db.analysis.groupBy({ by: ['engine'], where: { status: 'running' }, _count: { _all: true } }),
  ]);
  return { queued, running: Object.fromEntries(running.map((r) => [r.engine ?? '?', r._count._all])) };
}
