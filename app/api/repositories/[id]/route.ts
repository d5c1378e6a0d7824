import { NextResponse } from 'next/server';
import { originOf, withErrors } from '@/lib/api/errors';
import { requireActor } from '@/lib/auth/current-user';
import { getRepositoryJson } from '@/lib/repositories/repository-json';

// GET /api/repositories/:id - a repository, its budget and the history of its analyses (oldest first)
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireActor(request, 'view');
  const { id } = await params;
  return NextResponse.json(await getRepositoryJson(id, originOf(request)));
});
