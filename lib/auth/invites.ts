import { createHash, randomBytes } from 'node:crypto';
import { getDb } from '@/lib/db';
import { AppError, NotFoundError } from '@/lib/errors';
import { createUser, type NewUser } from '@/lib/auth/users';
import { claimInvite, insertInvite, releaseInvite, saveInviteRevoked } from '@/lib/auth/user-store';
import type { Role } from '@/lib/auth/roles';

// Invite links: an admin makes one for a role; whoever opens it before it expires
// chooses an email and password and joins with that role. One use each.

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');
const INVALID = 'This invite link is not valid: it was used, revoked or has expired. Ask an admin for a new one.';

export async function createInvite(role: Role, createdById: string, expiresInDays = 7) {
  const token = randomBytes(24).toString('base64url');
  const invite = await insertInvite({
    id: randomBytes(12).toString('hex'),
    tokenHash: hash(token),
    role,
    createdById,
    expiresAt: new Date(Date.now() + expiresInDays * 86_400_000),
  });
  return { token, ...invite };
}

/** The live invite behind a token (its role), or null. */
export async function findInvite(token: string) {
  const invite = await getDb().invite.findUnique({ where: { tokenHash: hash(token) } });
  if (!invite || invite.usedAt || invite.revokedAt || invite.expiresAt < new Date()) return null;
  return invite;
}

/** Creates the account and uses up the invite. */
export async function acceptInvite(token: string, input: NewUser) {
  const invite = await findInvite(token);
  if (!invite) throw new NotFoundError(INVALID);
  if (!(await claimInvite(invite.id, input.email))) throw new AppError(INVALID, 'invite_used');
  try {
    return await createUser(input, { role: invite.role });
  } catch (error) {
    await releaseInvite(invite.id);
    throw error;
  }
}

export async function listInvites() {
  return getDb().invite.findMany({
    orderBy: { createdAt: 'desc' },
    take: 50,
    select: { id: true, role: true, createdAt: true, expiresAt: true, usedAt: true, usedByEmail: true, revokedAt: true },
  });
}

export async function revokeInvite(id: string) {
  if (!(await saveInviteRevoked(id))) throw new NotFoundError('No such open invite.');
}
