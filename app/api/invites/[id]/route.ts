import { NextResponse } from 'next/server';
import { withErrors } from '@/lib/api/errors';
import { audit } from '@/lib/audit';
import { requireActor } from '@/lib/auth/current-user';
import { revokeInvite } from '@/lib/auth/invites';

// DELETE /api/invites/:id - an unused invite link stops working (admins)
export const DELETE = withErrors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(request, 'admin');
  const { id } = await params;
  await revokeInvite(id);
  await audit(actor.email, 'invite.revoke', id);
  return NextResponse.json({ id, revoked: true });
});
