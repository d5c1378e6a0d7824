import { getDb } from '@/lib/db';
import { NotFoundError } from '@/lib/errors';
import { SHARE_NOT_FOUND, shareIsLive } from '@/lib/share/share-links';

const withVariants = {
  variants: { include: { layers: { orderBy: { position: 'asc' as const } } } },
  repository: { select: { id: true, name: true } },
};

export async function getAnalysisOrThrow(id: string) {
  const analysis = await getDb().analysis.findUnique({ where: { id }, include: withVariants });
  if (!analysis) throw new NotFoundError(`No analysis with id "${id}". It may have been deleted; start a new one from the dashboard.`);
  return analysis;
}

/** The analysis behind a live share link; a revoked, expired or unknown one is the same 404. */
export async function getSharedAnalysisOrThrow(token: string) {
  const analysis = await getDb().analysis.findUnique({ where: { shareToken: token }, include: withVariants });
  if (!analysis || !shareIsLive(analysis)) throw new NotFoundError(SHARE_NOT_FOUND);
  return analysis;
}

export type AnalysisRecord = Awaited<ReturnType<typeof getAnalysisOrThrow>>;

/** Newest first, without layers or logs. */
export async function listAnalyses(limit = 100) {
  return getDb().analysis.findMany({
    orderBy: { createdAt: 'desc' },
    take: limit,
    include: { variants: { select: { kind: true, status: true, sizeBytes: true, imageId: true } } },
  });
}

export type AnalysisSummaryRecord = Awaited<ReturnType<typeof listAnalyses>>[number];
