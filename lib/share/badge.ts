import { createHash } from 'node:crypto';
import { makeBadge } from 'badge-maker';
import { getDb } from '@/lib/db';
import type { VariantStatus } from '@/lib/analyses/kinds';
import { comparisonOf } from '@/lib/analyses/analysis-json';
import { platformSizesOf, platformsLine } from '@/lib/analyses/platform-sizes';
import { formatBytes, formatReduction } from '@/lib/format';
import { NotFoundError } from '@/lib/errors';
import { liveShareWhere, SHARE_NOT_FOUND } from '@/lib/share/share-links';

// Shields-style badges for READMEs (made with shields.io's own badge-maker): the
// multi-stage image's size and how much smaller it is than the single-stage one,
// exactly as stored from `docker image inspect`; with `?platforms`, the multi-stage
// size per platform built.

type BadgeAnalysis = {
  status: string;
  /** the repository's budget applied to it, if it has one */
  verdict?: { pass: boolean } | null;
  variants: { kind: string; status: VariantStatus; sizeBytes: bigint | null; platform: string | null; engineFacts: { os?: string; arch?: string } | null }[];
};

export interface BadgeOptions {
  /** the multi-stage size per platform ("amd64 5.1 MB · arm64 4.7 MB"), where other platforms were built */
  platforms?: boolean;
}

export function badgeText(analysis: BadgeAnalysis, options: BadgeOptions = {}): { message: string; color: string } {
  const text = sizeText(analysis, options);
  // the budget's state, where the repository has one
  const verdict = analysis.verdict;
  if (!verdict || text.color === 'lightgrey' || text.color === 'red') return text;
  return verdict.pass ? { message: `${text.message} · within budget`, color: text.color } : { message: `${text.message} · over budget`, color: 'red' };
}

function sizeText(analysis: BadgeAnalysis, options: BadgeOptions): { message: string; color: string } {
  const perPlatform = options.platforms ? platformsLine(platformSizesOf(analysis.variants)) : null;
  if (perPlatform) return { message: perPlatform, color: 'brightgreen' };
  const comparison = comparisonOf(analysis.variants);
  if (comparison) {
    const reduction = formatReduction(comparison.singleStageBytes, comparison.multiStageBytes);
    return { message: `${formatBytes(comparison.multiStageBytes)}${reduction ? `, ${reduction}` : ''}`, color: 'brightgreen' };
  }
  const own = analysis.variants.find((v) => v.kind === 'repository' && v.sizeBytes !== null);
  if (own) return { message: formatBytes(Number(own.sizeBytes)), color: 'blue' };
  if (analysis.status === 'queued' || analysis.status === 'running') return { message: 'analysing', color: 'lightgrey' };
  return { message: analysis.status === 'canceled' ? 'canceled' : 'build failed', color: 'red' };
}

export function renderBadge(analysis: BadgeAnalysis, options: BadgeOptions = {}): string {
  const { message, color } = badgeText(analysis, options);
  return makeBadge({ label: 'image size', message, color, style: 'flat' });
}

const select = {
  status: true,
  verdict: true,
  repositoryKey: true,
  variants: { select: { kind: true, status: true, sizeBytes: true, platform: true, engineFacts: true } },
} as const;

/**
 * The badge of a share link's analysis, or (`latest`) of the newest finished analysis of
 * the same repository (its repository key) whose own link works now: an analysis nobody
 * shared never shows through another's badge.
 */
export async function badgeForShare(token: string, latest: boolean, options: BadgeOptions = {}): Promise<string> {
  const db = getDb();
  const now = new Date();
  const analysis = await db.analysis.findFirst({ where: { shareToken: token, ...liveShareWhere(now) }, select });
  if (!analysis) throw new NotFoundError(SHARE_NOT_FOUND);
  if (!latest || !analysis.repositoryKey) return renderBadge(analysis, options);
  const newest = await db.analysis.findFirst({
    where: { repositoryKey: analysis.repositoryKey, status: 'succeeded', ...liveShareWhere(now) },
    orderBy: { createdAt: 'desc' },
    select,
  });
  return renderBadge(newest ?? analysis, options);
}

/** `?platforms` (or `?platforms=1`) asks for the sizes per platform. */
export function badgeOptionsOf(request: Request): BadgeOptions {
  const value = new URL(request.url).searchParams.get('platforms');
  return { platforms: value !== null && value !== '0' && value !== 'false' };
}

/** The answer for a badge request: cacheable for a few minutes, with an ETag. */
export function badgeResponse(svg: string, request: Request): Response {
  const etag = `"${createHash('sha256').update(svg).digest('base64url').slice(0, 27)}"`;
  const headers = { 'Content-Type': 'image/svg+xml; charset=utf-8', 'Cache-Control': 'public, max-age=300', ETag: etag };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(svg, { headers });
}
