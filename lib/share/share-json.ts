import { shareIsLive, type ShareFields } from '@/lib/share/share-links';

// The share link as the API shows it (GET /api/analyses/:id's `share`, and the share routes).

export interface ShareJson {
  /** null until a member shares the analysis, and while the link is revoked or expired */
  url: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  /** an image of the sizes for READMEs (null while there is no live link) */
  badgeUrl: string | null;
  /** the same, always for the newest shared analysis of this repository */
  latestBadgeUrl: string | null;
  /** when the link was made; null = never shared */
  sharedAt: string | null;
  /** the link shows the build logs (the sharer ticked "include build logs") */
  includeLogs: boolean;
  /** an admin locked sharing: only admins can make a new link */
  locked: boolean;
  lockedAt: string | null;
}

type ShareRecord = ShareFields & { shareToken: string; shareIncludeLogs: boolean; shareLockedAt: Date | null };

export function shareJsonOf(analysis: ShareRecord, origin: string): ShareJson {
  const live = shareIsLive(analysis);
  const url = live ? shareUrlFor(analysis.shareToken, origin) : null;
  return {
    url,
    expiresAt: analysis.shareExpiresAt?.toISOString() ?? null,
    revokedAt: analysis.shareRevokedAt?.toISOString() ?? null,
    badgeUrl: url && `${url}/badge.svg`,
    latestBadgeUrl: url && `${url}/latest/badge.svg`,
    sharedAt: analysis.sharedAt?.toISOString() ?? null,
    includeLogs: analysis.shareIncludeLogs,
    locked: analysis.shareLockedAt !== null,
    lockedAt: analysis.shareLockedAt?.toISOString() ?? null,
  };
}

export function shareUrlFor(token: string, origin: string): string {
  return `${origin.replace(/\/$/, '')}/s/${token}`;
}
