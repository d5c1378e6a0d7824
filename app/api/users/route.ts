import { NextResponse } from 'next/server';
import { withErrors } from '@/lib/api/errors';
import { requireActor } from '@/lib/auth/current-user';
import { listUsers } from '@/lib/auth/users';

// GET /api/users - the team (admins)
export const GET = withErrors(async (request: Request) => {
  await requireActor(request, 'admin');
  return NextResponse.json({ users: await listUsers() });
});
