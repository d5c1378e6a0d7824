import { createHash } from 'node:crypto';
import { makeBadge } from 'badge-maker';
import { getDb } from '@/lib/db';
import { comparisonOf } from '@/lib/analyses/analysis-json';
import { formatBytes, formatReduction } from '@/lib/format';
import { analysisIdForShare } from '@/lib/share/share-links';

// Shields-style badges for READMEs (made with shields.io's own badge-maker): the
// multi-stage image's size and how much smaller it is than the single-stage one,
// exactly as stored from `docker image inspect`.

type BadgeAnalysis = {
  status: string;
  variants: { kind: string; sizeBytes: bigint | null }[];
};

export function badgeText(analysis: BadgeAnalysis): { message: string; color: string } {
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

export function renderBadge(analysis: BadgeAnalysis): string {
  const { message, color } = badgeText(analysis);
  return makeBadge({ label: 'image size', message, color, style: 'flat' });
}

const select = { status: true, sourceType: true, sourceLabel: true, sourceSubdir: true, variants: { select: { kind: true, sizeBytes: true } } } as const;

/** The badge of a share link's analysis, or (`latest`) of the newest finished analysis of the same repository. */
export async function badgeForShare(token: string, latest: boolean): Promise<string> {
  const db = getDb();
  const id = await analysisIdForShare(token);
  const analysis = await db.analysis.findUniqueOrThrow({ where: { id }, select });
  if (!latest) return renderBadge(analysis);
  const newest = await db.analysis.findFirst({
    where: { sourceType: analysis.sourceType, sourceLabel: analysis.sourceLabel, sourceSubdir: analysis.sourceSubdir, status: 'succeeded' },
    orderBy: { createdAt: 'desc' },
    select,
  });
  return renderBadge(newest ?? analysis);
}

/** The answer for a badge request: cacheable for a few minutes, with an ETag. */
export function badgeResponse(svg: string, request: Request): Response {
  const etag = `"${createHash('sha256').update(svg).digest('base64url').slice(0, 27)}"`;
  const headers = { 'Content-Type': 'image/svg+xml; charset=utf-8', 'Cache-Control': 'public, max-age=300', ETag: etag };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(svg, { headers });
}
