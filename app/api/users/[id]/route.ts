import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withErrors } from '@/lib/api/errors';
import { readJson } from '@/lib/api/read-json';
import { audit } from '@/lib/audit';
import { requireActor } from '@/lib/auth/current-user';
import { roleSchema, setRole } from '@/lib/auth/users';

// PATCH /api/users/:id - {"role":"admin|member|viewer"} (admins)
export const PATCH = withErrors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(request, 'admin');
  const { id } = await params;
  const { role } = z
    .object({ role: roleSchema })
    .strict()
    .parse(await readJson(request));
  const user = await setRole(id, role);
  await audit(actor.email, 'user.role', user.email, role);
  return NextResponse.json({ id: user.id, email: user.email, role: user.role });
});
