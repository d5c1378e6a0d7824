import { getDb } from '@/lib/db';
import type { Role } from '@/lib/generated/prisma/client';

// The user store: every write Shipshape makes to people, their API tokens and invites
// goes through here (better-auth writes sessions and sign-ins through its own adapter).
// The rules (who may, what is refused) stay with the callers in lib/auth.

export interface NewCredentialUser {
  id: string;
  accountId: string;
  email: string;
  name: string;
  role: Role;
  /** better-auth's scrypt hash */
  passwordHash: string;
}

/**
 * A user and the "credential" account better-auth signs them in with, in one
 * transaction; `check` runs first inside it and may throw to refuse.
 */
export async function insertCredentialUser(user: NewCredentialUser, check: (tx: { countUsers(): Promise<number>; emailTaken(email: string): Promise<boolean> }) => Promise<void>) {
  const now = new Date();
  return getDb().$transaction(async (tx) => {
    await check({
      countUsers: () => tx.user.count(),
      emailTaken: async (email) => (await tx.user.findUnique({ where: { email }, select: { id: true } })) !== null,
    });
    const row = await tx.user.create({ data: { id: user.id, email: user.email, name: user.name, role: user.role, emailVerified: false, createdAt: now, updatedAt: now } });
    await tx.account.create({
      data: { id: user.accountId, accountId: user.id, providerId: 'credential', userId: user.id, password: user.passwordHash, createdAt: now, updatedAt: now },
    });
    return row;
  });
}

export async function saveRole(userId: string, role: Role) {
  return getDb().user.update({ where: { id: userId }, data: { role } });
}

export async function insertApiToken(token: { id: string; userId: string; name: string; tokenHash: string; start: string }) {
  return getDb().apiToken.create({ data: token, select: { id: true, name: true, start: true, createdAt: true } });
}

export async function markTokenUsed(id: string, at = new Date()): Promise<void> {
  await getDb().apiToken.update({ where: { id }, data: { lastUsedAt: at } });
}

/** Revokes a live token (of `userId` only, unless null). False: no such live token. */
export async function saveTokenRevoked(id: string, userId: string | null, at = new Date()): Promise<boolean> {
  const done = await getDb().apiToken.updateMany({ where: { id, revokedAt: null, ...(userId === null ? {} : { userId }) }, data: { revokedAt: at } });
  return done.count === 1;
}

export async function insertInvite(invite: { id: string; tokenHash: string; role: Role; createdById: string; expiresAt: Date }) {
  return getDb().invite.create({ data: invite, select: { id: true, role: true, expiresAt: true } });
}

/** Takes an unused invite for `email`. False: someone used it first. */
export async function claimInvite(id: string, email: string, at = new Date()): Promise<boolean> {
  const used = await getDb().invite.updateMany({ where: { id, usedAt: null }, data: { usedAt: at, usedByEmail: email } });
  return used.count === 1;
}

/** Gives a claimed invite back (the account could not be made). */
export async function releaseInvite(id: string): Promise<void> {
  await getDb().invite.update({ where: { id }, data: { usedAt: null, usedByEmail: null } });
}

/** Revokes an open invite. False: no such open invite. */
export async function saveInviteRevoked(id: string, at = new Date()): Promise<boolean> {
  const done = await getDb().invite.updateMany({ where: { id, usedAt: null, revokedAt: null }, data: { revokedAt: at } });
  return done.count === 1;
}
