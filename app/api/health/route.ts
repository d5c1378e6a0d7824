import { NextResponse } from 'next/server';
import { checkEngines } from '@/lib/docker/engine-health';
import { checkDatabase } from '@/lib/db';

export const dynamic = 'force-dynamic';

// GET /api/health - are the Docker engines and the database reachable, and if not, why.
// 200 while the database and at least one engine answer; `engine` is the first engine
// (as before several engines).
export async function GET() {
  const [engines, database] = await Promise.all([checkEngines(), checkDatabase()]);
  const ok = database.reachable && engines.some((e) => e.reachable);
  const { name: _name, url: _url, ...first } = engines[0]!;
  return NextResponse.json({ ok, engine: first, engines, database }, { status: ok ? 200 : 503 });
}
