import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { instanceKeyFromDb } from '@/lib/db';

// Credentials a job needs later (a private git URL's token) are kept sealed with the
// instance key (AES-256-GCM), so no column holds them in the clear. The key is made on
// first start and kept in the database (one row) so every worker has it; an instance
// that had DATA_DIR/instance.key keeps that key. Back the database up with it.

/** The instance key, kept in the database (lib/db.ts) so every worker of the instance has it. */
function instanceKey(): Buffer {
  const key = instanceKeyFromDb();
  if (key.length !== 32) throw new Error('The instance key in the database is not 32 bytes. Restore it from a backup (sealed credentials of queued jobs are lost otherwise).');
  return key;
}

export function seal(text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', instanceKey(), iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** The sealed text, or null when it cannot be opened (another instance's key). */
export function unseal(sealed: string): string | null {
  if (!sealed.startsWith('v1:')) return null;
  const raw = Buffer.from(sealed.slice(3), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', instanceKey(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** A stable id of this instance (its database), e.g. to tell its images from another's on a shared engine. */
export function instanceId(): string {
  return createHash('sha256').update('shipshape-instance').update(instanceKey()).digest('hex').slice(0, 16);
}

/** A secret for one purpose (e.g. signing sessions), derived from the instance key. */
export function derivedSecret(purpose: string): string {
  return Buffer.from(hkdfSync('sha256', instanceKey(), 'shipshape', purpose, 32)).toString('base64url');
}
