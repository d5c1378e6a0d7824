import { NextResponse } from 'next/server';
import { withErrors } from '@/lib/api/errors';
import { audit } from '@/lib/audit';
import { checkSameOrigin } from '@/lib/auth/current-user';
import { createUser, newUserSchema } from '@/lib/auth/users';
import { readJson } from '@/lib/api/read-json';

// POST /api/setup - on a fresh instance only: the first person becomes its admin
export const POST = withErrors(async (request: Request) => {
  checkSameOrigin(request);
  const input = newUserSchema.parse(await readJson(request));
  const user = await createUser(input, { role: 'admin', onlyIfFirst: true });
  await audit(user.email, 'user.create', user.email, 'first admin (setup)');
  return NextResponse.json({ id: user.id, email: user.email, role: user.role }, { status: 201 });
});
