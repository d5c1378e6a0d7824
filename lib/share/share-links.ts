import { getDb } from '@/lib/db';
import { saveShare, saveShareLock, saveShareRevoked } from '@/lib/analyses/store/analyses';
import { getSettings } from '@/lib/env';
import { AppError, NotFoundError } from '@/lib/errors';
import { newShareToken } from '@/lib/ids';

// Share links: one per analysis, made only when a member shares it, revocable and
// expiring (SHARE_DEFAULT_DAYS unless the sharer picks otherwise). A never-shared,
// revoked, expired or unknown token gets the same 404, so a link reveals nothing once it
// is dead. An admin can lock sharing of an analysis: then only admins make new links.

export const SHARE_NOT_FOUND = 'This share link does not exist.';
export const SHARE_LOCKED = 'An admin locked sharing of this analysis: only an admin can make a new link.';

const DAY_MS = 24 * 3600 * 1000;

export interface ShareState {
  token: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** what the expiry came to (the sharer's choice or SHARE_DEFAULT_DAYS); null = none */
  expiresInDays: number | null;
}

export interface ShareFields {
  sharedAt: Date | null;
  shareRevokedAt: Date | null;
  shareExpiresAt: Date | null;
}

/** Whether a share link works now: shared on purpose, not revoked, not expired. */
export function shareIsLive(share: ShareFields, now = new Date()): boolean {
  return share.sharedAt !== null && share.shareRevokedAt === null && (share.shareExpiresAt === null || share.shareExpiresAt > now);
}

/** The same, as a database filter. */
export function liveShareWhere(now = new Date()) {
  return { sharedAt: { not: null }, shareRevokedAt: null, OR: [{ shareExpiresAt: null }, { shareExpiresAt: { gt: now } }] };
}

/** The analysis id behind a live share token; 404 otherwise. */
export async function analysisIdForShare(token: string): Promise<string> {
  const analysis = await getDb().analysis.findUnique({ where: { shareToken: token }, select: { id: true, sharedAt: true, shareRevokedAt: true, shareExpiresAt: true } });
  if (!analysis || !shareIsLive(analysis)) throw new NotFoundError(SHARE_NOT_FOUND);
  return analysis.id;
}

export interface ShareOptions {
  /** 1..365; null: the link does not expire; left out: SHARE_DEFAULT_DAYS */
  expiresInDays?: number | null;
  /** the share page and its JSON show the build logs */
  includeLogs?: boolean;
}

/**
 * A new share link (an old one stops working). Members cannot make one for an analysis
 * an admin locked (403); admins can.
 */
export async function shareAnalysis(analysisId: string, options: ShareOptions, sharer: { admin: boolean }): Promise<ShareState> {
  const days = (options.expiresInDays === undefined ? getSettings().shareDefaultDays : options.expiresInDays) || null;
  const now = new Date();
  const token = newShareToken();
  const expiresAt = days ? new Date(now.getTime() + days * DAY_MS) : null;
  const saved = await saveShare(analysisId, { token, sharedAt: now, expiresAt, includeLogs: options.includeLogs ?? false }, !sharer.admin);
  if (!saved) {
    if (await getDb().analysis.count({ where: { id: analysisId } })) throw new AppError(SHARE_LOCKED, 'share_locked');
    throw new NotFoundError(`No analysis with id "${analysisId}".`);
  }
  return { token, expiresAt, revokedAt: null, expiresInDays: days };
}

/** Stops the analysis's share link at once; `lock` (an admin's revoke) also locks sharing. */
export async function revokeShare(analysisId: string, { lock = false }: { lock?: boolean } = {}): Promise<void> {
  const now = new Date();
  if (!(await saveShareRevoked(analysisId, now, lock))) throw new NotFoundError(`No analysis with id "${analysisId}".`);
}

/** Locks sharing of the analysis (only admins make new links) or unlocks it; a live link stays as it is. */
export async function setShareLock(analysisId: string, locked: boolean): Promise<void> {
  if (!(await saveShareLock(analysisId, locked ? new Date() : null))) throw new NotFoundError(`No analysis with id "${analysisId}".`);
}
