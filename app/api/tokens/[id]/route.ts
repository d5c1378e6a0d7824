import { NextResponse } from 'next/server';
import { withErrors } from '@/lib/api/errors';
import { audit } from '@/lib/audit';
import { requireActor } from '@/lib/auth/current-user';
import { revokeApiToken } from '@/lib/auth/api-tokens';

// DELETE /api/tokens/:id - the token stops working at once
export const DELETE = withErrors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(request, 'view');
  const { id } = await params;
  await revokeApiToken(id, actor.id, actor.role === 'admin');
  await audit(actor.email, 'token.revoke', id);
  return NextResponse.json({ id, revoked: true });
});
