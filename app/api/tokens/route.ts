import { NextResponse } from 'next/server';
import { tokenCreateSchema } from '@/lib/api/schemas';
import { withErrors } from '@/lib/api/errors';
import { readJson } from '@/lib/api/read-json';
import { audit } from '@/lib/audit';
import { requireActor } from '@/lib/auth/current-user';
import { createApiToken, listApiTokens } from '@/lib/auth/api-tokens';
import { AppError } from '@/lib/errors';

// POST /api/tokens - a new API token for yourself: {"name":"ci"}; the token is in this answer only
export const POST = withErrors(async (request: Request) => {
  const actor = await requireActor(request, 'view');
  if (actor.via === 'single-user') throw new AppError('With SINGLE_USER=1 the API needs no token.', 'single_user');
  const { name } = tokenCreateSchema.parse(await readJson(request));
  const created = await createApiToken(actor.id, name);
  await audit(actor.email, 'token.create', created.id, name);
  return NextResponse.json(created, { status: 201 });
});

// GET /api/tokens - your tokens (never the tokens themselves), with last use
export const GET = withErrors(async (request: Request) => {
  const actor = await requireActor(request, 'view');
  return NextResponse.json({ tokens: actor.via === 'single-user' ? [] : await listApiTokens(actor.id) });
});
