import { NextResponse } from 'next/server';
import { withErrors } from '@/lib/api/errors';
import { readJson } from '@/lib/api/read-json';
import { audit } from '@/lib/audit';
import { checkSameOrigin } from '@/lib/auth/current-user';
import { acceptInvite } from '@/lib/auth/invites';
import { newUserSchema } from '@/lib/auth/users';

// POST /api/join/:token - accept an invite: {"email","name","password"}; then sign in
export const POST = withErrors(async (request: Request, { params }: { params: Promise<{ token: string }> }) => {
  checkSameOrigin(request);
  const { token } = await params;
  const input = newUserSchema.parse(await readJson(request));
  const user = await acceptInvite(token, input);
  await audit(user.email, 'user.join', user.email, user.role ?? undefined);
  return NextResponse.json({ id: user.id, email: user.email, role: user.role }, { status: 201 });
});
