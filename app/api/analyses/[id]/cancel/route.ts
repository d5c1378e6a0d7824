import { NextResponse } from 'next/server';
import { withErrors } from '@/lib/api/errors';
import { cancelAnalysis } from '@/lib/analyses/cancel-analysis';
import { requireActor } from '@/lib/auth/current-user';
import { audit } from '@/lib/audit';

// POST /api/analyses/:id/cancel - a queued analysis is canceled at once; a running
// one is stopped on the engine within seconds (202 until its worker has done so).
export const POST = withErrors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(request, 'submit');
  const { id } = await params;
  const result = await cancelAnalysis(id);
  await audit(actor.email, 'analysis.cancel', id);
  return NextResponse.json(result, { status: result.status === 'canceling' ? 202 : 200 });
});
