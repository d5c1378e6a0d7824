import { NextResponse } from 'next/server';
import { withErrors } from '@/lib/api/errors';
import { cancelAnalysis } from '@/lib/analyses/cancel-analysis';

// POST /api/analyses/:id/cancel - a queued analysis is canceled at once; a running
// one is stopped on the engine within seconds (202 until its worker has done so).
export const POST = withErrors(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const result = await cancelAnalysis(id);
  return NextResponse.json(result, { status: result.status === 'canceling' ? 202 : 200 });
});
