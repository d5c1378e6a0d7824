import { NextResponse } from 'next/server';
import { shareRequestSchema } from '@/lib/api/schemas';
import { originOf, withErrors } from '@/lib/api/errors';
import { readJson } from '@/lib/api/read-json';
import { getAnalysisOrThrow } from '@/lib/analyses/queries';
import { shareJsonOf } from '@/lib/share/share-json';
import { revokeShare, shareAnalysis } from '@/lib/share/share-links';
import { requireActor, type Actor } from '@/lib/auth/current-user';
import { audit } from '@/lib/audit';

type Context = { params: Promise<{ id: string }> };

/** An admin's revoke locks sharing (with accounts on: in single-user mode there is nobody to lock out). */
const locksOnRevoke = (actor: Actor) => actor.role === 'admin' && actor.via !== 'single-user';

function shareWords(expiresInDays: number | null, includeLogs: boolean): string {
  return `${expiresInDays ? `expires in ${expiresInDays} days` : 'no expiry'}${includeLogs ? ', with build logs' : ''}`;
}

// POST /api/analyses/:id/share - share the analysis: a new link (an old one stops working);
// optional {"expiresInDays": 1..365 or null for none, "includeLogs": boolean}; 403 for members once an admin locked it
export const POST = withErrors(async (request: Request, { params }: Context) => {
  const actor = await requireActor(request, 'submit');
  const { id } = await params;
  const options = shareRequestSchema.parse(await readJson(request));
  const made = await shareAnalysis(id, options, { admin: actor.role === 'admin' });
  await audit(actor.email, 'share.renew', id, shareWords(made.expiresInDays, options.includeLogs ?? false));
  return NextResponse.json(shareJsonOf(await getAnalysisOrThrow(id), originOf(request)), { status: 201 });
});

// DELETE /api/analyses/:id/share - the share link stops working at once (404 for everyone); an admin's revoke also locks sharing
export const DELETE = withErrors(async (request: Request, { params }: Context) => {
  const actor = await requireActor(request, 'submit');
  const { id } = await params;
  const lock = locksOnRevoke(actor);
  await revokeShare(id, { lock });
  await audit(actor.email, 'share.revoke', id);
  if (lock) await audit(actor.email, 'share.lock', id, 'revoked by an admin');
  return NextResponse.json(shareJsonOf(await getAnalysisOrThrow(id), originOf(request)));
});
