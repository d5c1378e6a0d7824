import { getDb } from '@/lib/db';
import { NotFoundError } from '@/lib/errors';
import { newShareToken } from '@/lib/ids';

// Share links: one per analysis, revocable and optionally expiring. A revoked, expired
// or unknown token gets the same 404, so a link reveals nothing once it is dead.

export const SHARE_NOT_FOUND = 'This share link does not exist.';

export interface ShareState {
  token: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** Whether a share link works now. */
export function shareIsLive(share: { shareRevokedAt: Date | null; shareExpiresAt: Date | null }, now = new Date()): boolean {
  return share.shareRevokedAt === null && (share.shareExpiresAt === null || share.shareExpiresAt > now);
}

/** The analysis id behind a live share token; 404 otherwise. */
export async function analysisIdForShare(token: string): Promise<string> {
  const analysis = await getDb().analysis.findUnique({ where: { shareToken: token }, select: { id: true, shareRevokedAt: true, shareExpiresAt: true } });
  if (!analysis || !shareIsLive(analysis)) throw new NotFoundError(SHARE_NOT_FOUND);
  return analysis.id;
}

/** Stops the analysis's share link at once. */
export async function revokeShare(analysisId: string): Promise<void> {
  const done = await getDb().analysis.updateMany({ where: { id: analysisId }, data: { shareRevokedAt: new Date() } });
  if (done.count === 0) throw new NotFoundError(`No analysis with id "${analysisId}".`);
}

/** A new share link (the old one stops working), expiring after `expiresInDays` if given. */
export async function renewShare(analysisId: string, expiresInDays?: number): Promise<ShareState> {
  const token = newShareToken();
  const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 24 * 3600 * 1000) : null;
  const done = await getDb().analysis.updateMany({ where: { id: analysisId }, data: { shareToken: token, shareExpiresAt: expiresAt, shareRevokedAt: null } });
  if (done.count === 0) throw new NotFoundError(`No analysis with id "${analysisId}".`);
  return { token, expiresAt, revokedAt: null };
}
