import { NextResponse } from 'next/server';
import { checkEngines } from '@/lib/docker/engine-health';

export const dynamic = 'force-dynamic';

// GET /api/health - are the Docker engines reachable, and if not, why. 200 while at
// least one engine answers; `engine` is the first engine (as before several engines).
export async function GET() {
  const engines = await checkEngines();
  const ok = engines.some((e) => e.reachable);
  const { name: _name, url: _url, ...first } = engines[0]!;
  return NextResponse.json({ ok, engine: first, engines }, { status: ok ? 200 : 503 });
}
