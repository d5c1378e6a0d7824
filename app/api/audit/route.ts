import { NextResponse } from 'next/server';
import { withErrors } from '@/lib/api/errors';
import { listAudit } from '@/lib/audit';
import { requireActor } from '@/lib/auth/current-user';

// GET /api/audit - who submitted, cancelled, shared, revoked, invited, joined (admins)
export const GET = withErrors(async (request: Request) => {
  await requireActor(request, 'admin');
  return NextResponse.json({ events: await listAudit() });
});
