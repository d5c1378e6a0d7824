import { randomBytes } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { ROLES, type Role } from '@/lib/auth/roles';
import { insertCredentialUser, saveRole } from '@/lib/auth/user-store';

// People: created by the first-run setup, by accepting an invite, or by an operator
// (`npm run admin -- create-user`). Rows are written as better-auth writes them (a user
// and its "credential" account holding the scrypt hash), so it signs them in.

export const newUserSchema = z.object({
  email: z
    .email('must be an email address')
    .max(254)
    .transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, 'is required').max(100).optional(),
  password: z.string().min(10, 'must be at least 10 characters').max(128),
});

export type NewUser = z.infer<typeof newUserSchema>;

export const roleSchema = z.enum(ROLES);

const newId = () => randomBytes(16).toString('hex');

export interface CreateOptions {
  role: Role;
  /** refuse unless the instance has no user yet (first-run setup) */
  onlyIfFirst?: boolean;
}

/** Creates a user who can sign in with email and password. */
export async function createUser(input: NewUser, options: CreateOptions) {
  const passwordHash = await hashPassword(input.password);
  const user = { id: newId(), accountId: newId(), email: input.email, name: input.name ?? input.email.split('@')[0]!, role: options.role, passwordHash };
  return insertCredentialUser(user, async (tx) => {
    if (options.onlyIfFirst && (await tx.countUsers()) > 0) {
      throw new AppError('This instance already has an admin. Sign in, or ask an admin for an invite link.', 'already_set_up');
    }
    if (await tx.emailTaken(input.email)) throw new AppError(`There is already an account for ${input.email}. Sign in instead.`, 'email_taken');
  });
}

export async function countUsers(): Promise<number> {
  return getDb().user.count();
}

export async function listUsers() {
  return getDb().user.findMany({ orderBy: { createdAt: 'asc' }, select: { id: true, email: true, name: true, role: true, createdAt: true } });
}

/** Changes a role; the last admin cannot stop being one. */
export async function setRole(userId: string, role: Role) {
  const db = getDb();
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new AppError('No such user.', 'not_found');
  if (user.role === 'admin' && role !== 'admin' && (await db.user.count({ where: { role: 'admin' } })) === 1) {
    throw new AppError('This is the only admin. Make someone else admin first.', 'last_admin');
  }
  return saveRole(userId, role);
}
