import { getAuth } from '@/lib/auth/auth';
import { userForToken } from '@/lib/auth/api-tokens';
import { can, isRole, PERMISSION_WORDS, type Permission, type Role } from '@/lib/auth/roles';
import { originFromHeaders } from '@/lib/api/origin';
import { getSettings } from '@/lib/env';
import { AppError } from '@/lib/errors';

// Who is asking: a signed-in person (session cookie), a CI job (API token), or, with
// SINGLE_USER=1, the one local user. Every API route and page goes through here.

export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
  via: 'session' | 'token' | 'single-user';
}

const LOCAL: Actor = { id: 'local', email: 'local', name: 'Local user', role: 'admin', via: 'single-user' };

function toActor(user: { id: string; email: string; name: string; role?: string | null }, via: Actor['via']): Actor | null {
  return isRole(user.role) ? { id: user.id, email: user.email, name: user.name, role: user.role, via } : null;
}

export async function actorFrom(headers: Headers): Promise<Actor | null> {
  if (getSettings().auth.singleUser) return LOCAL;
  const authorization = headers.get('authorization');
  if (authorization) {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const user = token ? await userForToken(token) : null;
    return user ? toActor(user, 'token') : null;
  }
  const session = await getAuth().api.getSession({ headers });
  return session ? toActor(session.user as { id: string; email: string; name: string; role?: string | null }, 'session') : null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: a state-changing request from a browser must come from this site. Browsers
 * send Sec-Fetch-Site and Origin with such requests; other clients (curl, CI) send
 * neither and carry a token, not a cookie.
 */
export function checkSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const site = request.headers.get('sec-fetch-site');
  const origin = request.headers.get('origin');
  const expected = getSettings().auth.publicUrl ?? originFromHeaders(request.headers, new URL(request.url).origin);
  const crossSite = (site !== null && site !== 'same-origin' && site !== 'none') || (origin !== null && origin !== expected);
  if (crossSite) throw new AppError('This request came from another site and was refused (CSRF protection). Use Shipshape’s own pages, or an API token.', 'cross_site');
}

/** The actor of an API request with the permission; 401 or 403 otherwise. */
export async function requireActor(request: Request, permission: Permission): Promise<Actor> {
  checkSameOrigin(request);
  const actor = await actorFrom(request.headers);
  if (!actor) throw new AppError('Sign in first, or send an API token as "Authorization: Bearer <token>".', 'unauthorized');
  if (!can(actor.role, permission)) throw new AppError(`Your role (${actor.role}) cannot ${PERMISSION_WORDS[permission]}.`, 'forbidden');
  return actor;
}
