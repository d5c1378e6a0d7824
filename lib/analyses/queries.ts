import { getDb } from '@/lib/db';
import { NotFoundError } from '@/lib/errors';
import { SHARE_NOT_FOUND, shareIsLive } from '@/lib/share/share-links';

const withVariants = {
  variants: { include: { layers: { orderBy: { position: 'asc' as const } } } },
  repository: { select: { id: true, name: true } },
};

/**
 * A monorepo's group around an analysis: the analyses of its apps (for the root's) and the
 * root's analysis (for an app's), each with what its list shows.
 */
async function groupOf(analysis: { id: string; groupId: string | null; apps: PrismaJson.FoundApps | null }) {
  const db = getDb();
  const members = analysis.apps?.some((app) => app.analysisId)
    ? await db.analysis.findMany({ where: { groupId: analysis.id }, select: { id: true, status: true, variants: { select: { kind: true, sizeBytes: true } } } })
    : [];
  const root = analysis.groupId ? await db.analysis.findUnique({ where: { id: analysis.groupId }, select: { id: true, sourceLabel: true } }) : null;
  return { members, root };
}

export async function getAnalysisOrThrow(id: string) {
  const analysis = await getDb().analysis.findUnique({ where: { id }, include: withVariants });
  if (!analysis) throw new NotFoundError(`No analysis with id "${id}". It may have been deleted; start a new one from the dashboard.`);
  return { ...analysis, group: await groupOf(analysis) };
}

/** The analysis behind a live share link; a revoked, expired or unknown one is the same 404. */
export async function getSharedAnalysisOrThrow(token: string) {
  const analysis = await getDb().analysis.findUnique({ where: { shareToken: token }, include: withVariants });
  if (!analysis || !shareIsLive(analysis)) throw new NotFoundError(SHARE_NOT_FOUND);
  return { ...analysis, group: await groupOf(analysis) };
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
