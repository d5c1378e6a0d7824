import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withErrors } from '@/lib/api/errors';
import { requireActor } from '@/lib/auth/current-user';
import { listRepositories } from '@/lib/repositories/repository-json';

const querySchema = z.object({
  q: z.string().trim().max(200).optional(),
  cursor: z.string().trim().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

// GET /api/repositories?q=&cursor=&limit= - the team's repositories by name, with their newest analysis and budget
export const GET = withErrors(async (request: Request) => {
  await requireActor(request, 'view');
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return NextResponse.json(await listRepositories(querySchema.parse(params)));
});
