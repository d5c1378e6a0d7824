import { NextResponse } from 'next/server';
import { z } from 'zod';
import { originOf, withErrors } from '@/lib/api/errors';
import { readJson } from '@/lib/api/read-json';
import { audit } from '@/lib/audit';
import { requireActor } from '@/lib/auth/current-user';
import { createInvite, listInvites } from '@/lib/auth/invites';
import { roleSchema } from '@/lib/auth/users';

const inviteSchema = z.object({ role: roleSchema, expiresInDays: z.number().int().min(1).max(30).optional() }).strict();

// POST /api/invites - an invite link for a role (admins); {"role":"member","expiresInDays":7}
export const POST = withErrors(async (request: Request) => {
  const actor = await requireActor(request, 'admin');
  const { role, expiresInDays } = inviteSchema.parse(await readJson(request));
  const invite = await createInvite(role, actor.id, expiresInDays);
  await audit(actor.email, 'invite.create', invite.id, role);
  return NextResponse.json({ id: invite.id, role: invite.role, expiresAt: invite.expiresAt, url: `${originOf(request)}/join/${invite.token}` }, { status: 201 });
});

// GET /api/invites - the latest invites and what became of them (admins)
export const GET = withErrors(async (request: Request) => {
  await requireActor(request, 'admin');
  return NextResponse.json({ invites: await listInvites() });
});
