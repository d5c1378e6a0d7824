import { createHash, randomBytes } from 'node:crypto';
import { getDb } from '@/lib/db';
import { NotFoundError } from '@/lib/errors';
import { insertApiToken, markTokenUsed, saveTokenRevoked } from '@/lib/auth/user-store';

// API tokens for CI (`Authorization: Bearer ss_...`): 32 random bytes, shown once; only
// their SHA-256 is stored. A revoked token stops working at the next request. (Not
// better-auth's api-key plugin: it ships apart from the core with exact peer versions
// and, by default, lets a key be used ten times a day.)

const PREFIX = 'ss_';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A new token for the user; the plain token is returned once and never stored. */
export async function createApiToken(userId: string, name: string) {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const record = await insertApiToken({ id: randomBytes(12).toString('hex'), userId, name, tokenHash: hashToken(token), start: token.slice(0, 8) });
  return { token, ...record };
}

/** The user a live token belongs to (and notes its use), or null. */
export async function userForToken(token: string) {
  if (!token.startsWith(PREFIX)) return null;
  const db = getDb();
  const record = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!record || record.revokedAt || record.user.banned) return null;
  await markTokenUsed(record.id);
  return record.user;
}

export async function listApiTokens(userId: string) {
  return getDb().apiToken.findMany({
    where: { userId },
    orderBy: { createdAt: 'desc' },
    select: { id: true, name: true, start: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/** Revokes one of the user's tokens (an admin may revoke anyone's). */
export async function revokeApiToken(id: string, userId: string, isAdmin: boolean) {
  if (!(await saveTokenRevoked(id, isAdmin ? null : userId))) throw new NotFoundError('No such live token.');
}
