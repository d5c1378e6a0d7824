import { cache } from 'react';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { actorFrom, type Actor } from '@/lib/auth/current-user';
import { countUsers } from '@/lib/auth/users';
import { can, type Permission } from '@/lib/auth/roles';

/** A path of this site (never another site's: "//host" and "/\\host" are refused). */
export function localPath(path: string | null | undefined): string | null {
  return path?.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') && path.length <= 2000 ? path : null;
}

/**
 * For pages: the signed-in actor; to /setup on a fresh instance, to /sign-in otherwise
 * (and back here after). Read once per request, however many layouts and pages ask.
 */
export const pageActor = cache(async (permission: Permission = 'view'): Promise<Actor> => {
  const requestHeaders = await headers();
  const actor = await actorFrom(requestHeaders);
  if (!actor) {
    if ((await countUsers()) === 0) redirect('/setup');
    const here = localPath(requestHeaders.get('x-shipshape-path'));
    redirect(here && here !== '/' ? `/sign-in?next=${encodeURIComponent(here)}` : '/sign-in');
  }
  if (!can(actor.role, permission)) redirect('/');
  return actor;
});
