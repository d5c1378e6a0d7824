import { NextResponse } from 'next/server';
import { checkEngine } from '@/lib/docker/engine-health';

export const dynamic = 'force-dynamic';

// GET /api/health - is the Docker engine reachable, and if not, why
export async function GET() {
  const engine = await checkEngine();
  return NextResponse.json({ ok: engine.reachable, engine }, { status: engine.reachable ? 200 : 503 });
}
