import { NextResponse } from 'next/server';
import { originOf, withErrors } from '@/lib/api/errors';
import { getAnalysisOrThrow } from '@/lib/analyses/queries';
import { shareJsonOf } from '@/lib/share/share-json';
import { setShareLock } from '@/lib/share/share-links';
import { requireActor } from '@/lib/auth/current-user';
import { audit } from '@/lib/audit';

type Context = { params: Promise<{ id: string }> };

// POST /api/analyses/:id/share/lock - only admins may make a new share link for it (admins); a live link stays
export const POST = withErrors(async (request: Request, { params }: Context) => {
  const actor = await requireActor(request, 'admin');
  const { id } = await params;
  await setShareLock(id, true);
  await audit(actor.email, 'share.lock', id);
  return NextResponse.json(shareJsonOf(await getAnalysisOrThrow(id), originOf(request)));
});

// DELETE /api/analyses/:id/share/lock - members may share it again (admins)
export const DELETE = withErrors(async (request: Request, { params }: Context) => {
  const actor = await requireActor(request, 'admin');
  const { id } = await params;
  await setShareLock(id, false);
  await audit(actor.email, 'share.unlock', id);
  return NextResponse.json(shareJsonOf(await getAnalysisOrThrow(id), originOf(request)));
});
