import { NextResponse } from 'next/server';
import { getAnalysisOrThrow } from '@/lib/analyses/queries';
import { toAnalysisJson } from '@/lib/analyses/analysis-json';
import { originOf, withErrors } from '@/lib/api/errors';
import { requireActor } from '@/lib/auth/current-user';
import { deleteAnalysis } from '@/lib/analyses/delete-analysis';
import { audit } from '@/lib/audit';

// GET /api/analyses/:id - one analysis with its variants, layers, Dockerfiles and logs
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireActor(request, 'view');
  const { id } = await params;
  return NextResponse.json(toAnalysisJson(await getAnalysisOrThrow(id), originOf(request)));
});

// DELETE /api/analyses/:id - its images are removed from the engine, then every number (its submitter or an admin)
export const DELETE = withErrors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(request, 'submit');
  const { id } = await params;
  await deleteAnalysis(id, actor);
  await audit(actor.email, 'analysis.delete', id);
  return new Response(null, { status: 204 });
});
