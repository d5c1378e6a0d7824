import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getSettings } from '@/lib/env';

// Credentials a job needs later (a private git URL's token) are kept sealed with the
// instance key (AES-256-GCM), so the database never holds them in the clear. The key
// is made on first use in DATA_DIR/instance.key (mode 600); keep it with the database.

const cache = globalThis as unknown as { shipshapeInstanceKey?: { file: string; key: Buffer } };

function instanceKey(): Buffer {
  const file = path.join(getSettings().dataDir, 'instance.key');
  if (cache.shipshapeInstanceKey?.file === file) return cache.shipshapeInstanceKey.key;
  let key: Buffer;
  try {
    key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    key = randomBytes(32);
    writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key. Remove it to make a new one (sealed credentials of queued jobs are then lost).`);
  cache.shipshapeInstanceKey = { file, key };
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

/** A stable id of this instance (its data folder), e.g. to tell its images from another's on a shared engine. */
export function instanceId(): string {
  return createHash('sha256').update('shipshape-instance').update(instanceKey()).digest('hex').slice(0, 16);
}

/** A secret for one purpose (e.g. signing sessions), derived from the instance key. */
export function derivedSecret(purpose: string): string {
  return Buffer.from(hkdfSync('sha256', instanceKey(), 'shipshape', purpose, 32)).toString('base64url');
}
