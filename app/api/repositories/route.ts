import { NextResponse } from 'next/server';
import { withErrors } from '@/lib/api/errors';
import { requireActor } from '@/lib/auth/current-user';
import { listRepositories, repositoryQuerySchema } from '@/lib/repositories/repository-json';

// GET /api/repositories?q=&stack=&status=&overBudget=&sort=name|recent|size&cursor=&limit= - the team's repositories, with their newest analysis and budget
export const GET = withErrors(async (request: Request) => {
  await requireActor(request, 'view');
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return NextResponse.json(await listRepositories(repositoryQuerySchema.parse(params)));
});
