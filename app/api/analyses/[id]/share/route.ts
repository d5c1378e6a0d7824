import { NextResponse } from 'next/server';
import { z } from 'zod';
import { originOf, withErrors } from '@/lib/api/errors';
import { readJson } from '@/lib/api/read-json';
import { getAnalysisOrThrow } from '@/lib/analyses/queries';
import { shareJsonOf } from '@/lib/analyses/analysis-json';
import { renewShare, revokeShare } from '@/lib/share/share-links';
import { requireActor } from '@/lib/auth/current-user';
import { audit } from '@/lib/audit';

const renewSchema = z.object({ expiresInDays: z.number().int().min(1).max(365).optional() }).strict();

type Context = { params: Promise<{ id: string }> };

// POST /api/analyses/:id/share - a new share link (the old one stops working);
// optional {"expiresInDays": 1..365}
export const POST = withErrors(async (request: Request, { params }: Context) => {
  const actor = await requireActor(request, 'submit');
  const { id } = await params;
  const { expiresInDays } = renewSchema.parse(await readJson(request));
  await renewShare(id, expiresInDays);
  await audit(actor.email, 'share.renew', id, expiresInDays ? `expires in ${expiresInDays} days` : 'no expiry');
  return NextResponse.json(shareJsonOf(await getAnalysisOrThrow(id), originOf(request)), { status: 201 });
});

// DELETE /api/analyses/:id/share - the share link stops working at once (404 for everyone)
export const DELETE = withErrors(async (request: Request, { params }: Context) => {
  const actor = await requireActor(request, 'submit');
  const { id } = await params;
  await revokeShare(id);
  await audit(actor.email, 'share.revoke', id);
  return NextResponse.json(shareJsonOf(await getAnalysisOrThrow(id), originOf(request)));
});
