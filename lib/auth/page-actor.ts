import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { actorFrom, type Actor } from '@/lib/auth/current-user';
import { countUsers } from '@/lib/auth/users';
import { can, type Permission } from '@/lib/auth/roles';

/** For pages: the signed-in actor; to /setup on a fresh instance, to /sign-in otherwise. */
export async function pageActor(permission: Permission = 'view'): Promise<Actor> {
  const actor = await actorFrom(await headers());
  if (!actor) redirect((await countUsers()) === 0 ? '/setup' : '/sign-in');
  if (!can(actor.role, permission)) redirect('/');
  return actor;
}
