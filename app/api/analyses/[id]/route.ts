import { NextResponse } from 'next/server';
import { getAnalysisOrThrow } from '@/lib/analyses/queries';
import { toAnalysisJson } from '@/lib/analyses/analysis-json';
import { originOf, withErrors } from '@/lib/api/errors';
import { requireActor } from '@/lib/auth/current-user';

// GET /api/analyses/:id - one analysis with its variants, layers, Dockerfiles and logs
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireActor(request, 'view');
  const { id } = await params;
  return NextResponse.json(toAnalysisJson(await getAnalysisOrThrow(id), originOf(request)));
});
