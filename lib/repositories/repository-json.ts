import { z } from 'zod';
import { getDb } from '@/lib/db';
import { ANALYSIS_STATUSES, type AnalysisStatus, type VariantStatus } from '@/lib/analyses/kinds';
import { newestAnalyses, repositoryIds } from '@/lib/db/dialect';
import { InvalidInputError, NotFoundError } from '@/lib/errors';
import { parseBudget, type Budget } from '@/lib/repositories/budget';
import { REPOSITORY_NOT_FOUND } from '@/lib/repositories/repositories';
import { liveShareWhere } from '@/lib/share/share-links';
import { shareUrlFor } from '@/lib/share/share-json';
import type { Verdict } from '@/lib/repositories/verdict';

// The JSON of the repository API (GET /api/repositories, GET /api/repositories/:id).
// Field names are a contract with outside tools: add fields, never rename.

export interface HistoryEntryJson {
  analysisId: string;
  createdAt: string;
  status: string;
  ref: string | null;
  commit: { sha: string; subject: string | null } | null;
  variants: { kind: string; status: string; sizeBytes: number | null; compressedBytes: number | null }[];
  verdict: Verdict | null;
}

export interface RepositoryJson {
  id: string;
  name: string;
  url: string | null;
  subdir: string | null;
  createdAt: string;
  budget: Budget | null;
  budgetUpdatedAt: string | null;
  budgetUpdatedBy: string | null;
  /** the newest analysis */
  latest: HistoryEntryJson | null;
  /** the multi-stage size of the newest analyses, oldest first (a sparkline) */
  trend: { analysisId: string; createdAt: string; sizeBytes: number | null }[];
}

export interface RepositoryPageJson {
  repositories: RepositoryJson[];
  /** pass as `cursor` for the next page; null on the last one */
  nextCursor: string | null;
}

const TREND = 12;

const entrySelect = {
  id: true,
  createdAt: true,
  status: true,
  sourceRef: true,
  commitSha: true,
  commitSubject: true,
  verdict: true,
  variants: { select: { kind: true, status: true, sizeBytes: true, compressedBytes: true } },
} as const;

type EntryRow = {
  id: string;
  createdAt: Date;
  status: AnalysisStatus;
  sourceRef: string | null;
  commitSha: string | null;
  commitSubject: string | null;
  verdict: Verdict | null;
  variants: { kind: string; status: VariantStatus; sizeBytes: bigint | null; compressedBytes: bigint | null }[];
};

function entryJson(row: EntryRow): HistoryEntryJson {
  return {
    analysisId: row.id,
    createdAt: row.createdAt.toISOString(),
    status: row.status,
    ref: row.sourceRef,
    commit: row.commitSha ? { sha: row.commitSha, subject: row.commitSubject } : null,
    variants: row.variants.map((v) => ({
      kind: v.kind,
      status: v.status,
      sizeBytes: v.sizeBytes === null ? null : Number(v.sizeBytes),
      compressedBytes: v.compressedBytes === null ? null : Number(v.compressedBytes),
    })),
    verdict: row.verdict,
  };
}

type RepositoryRow = {
  id: string;
  name: string;
  url: string | null;
  subdir: string | null;
  createdAt: Date;
  budget: Budget | null;
  budgetUpdatedAt: Date | null;
  budgetUpdatedBy: string | null;
  analyses: EntryRow[];
};

function repositoryJson(row: RepositoryRow): RepositoryJson {
  const newestFirst = row.analyses.map(entryJson);
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    subdir: row.subdir,
    createdAt: row.createdAt.toISOString(),
    budget: parseBudget(row.budget),
    budgetUpdatedAt: row.budgetUpdatedAt?.toISOString() ?? null,
    budgetUpdatedBy: row.budgetUpdatedBy,
    latest: newestFirst[0] ?? null,
    trend: newestFirst.map((e) => ({ analysisId: e.analysisId, createdAt: e.createdAt, sizeBytes: e.variants.find((v) => v.kind === 'multi-stage')?.sizeBytes ?? null })).reverse(),
  };
}

/** The list's query string, as GET /api/repositories and the dashboard read it. */
export const repositoryQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  stack: z.enum(['go', 'rust', 'python', 'java', 'kotlin', 'node']).optional(),
  status: z.enum(ANALYSIS_STATUSES).optional(),
  overBudget: z
    .enum(['1', 'true', '0', 'false'])
    .transform((v) => v === '1' || v === 'true')
    .optional(),
  sort: z.enum(['name', 'recent', 'size']).optional(),
  cursor: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export interface RepositoryListQuery {
  q?: string;
  stack?: string;
  status?: string;
  overBudget?: boolean;
  /** name (A–Z), recent (newest analysis first), size (largest multi-stage image first) */
  sort?: 'name' | 'recent' | 'size';
  /** from a previous page's nextCursor */
  cursor?: string;
  limit?: number;
}

/** The newest analysis's size of one image (compressed: as a push sends it), or null. */
export function latestSize(repository: RepositoryJson, kind: string, compressed = false): number | null {
  const v = repository.latest?.variants.find((x) => x.kind === kind);
  return (compressed ? v?.compressedBytes : v?.sizeBytes) ?? null;
}

/** An opaque cursor: where the next page starts in this query's order. */
const encodeCursor = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const offset = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // not one of ours
  }
  throw new InvalidInputError('The cursor is not one this server gave out: start from the first page.', 'invalid_input');
}

/** A page of repositories, filtered and sorted on their newest analysis. */
export async function listRepositories(options: RepositoryListQuery = {}): Promise<RepositoryPageJson> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const offset = decodeCursor(options.cursor);
  const ids = await repositoryIds({
    q: options.q,
    stack: options.stack,
    status: options.status,
    overBudget: options.overBudget,
    sort: options.sort ?? 'name',
    offset,
    limit: limit + 1,
  });
  const page = ids.slice(0, limit);
  // the rows, each repository's newest analyses (their multi-stage size: the trend), and the newest one's images
  const db = getDb();
  const [rows, newest] = await Promise.all([db.repository.findMany({ where: { id: { in: page } } }), newestAnalyses(page, TREND)]);
  const latestIds = newest.filter((a) => a.rank === 1).map((a) => a.id);
  const latestRows = await db.analysis.findMany({ where: { id: { in: latestIds } }, select: entrySelect });
  const latestById = new Map(latestRows.map((row) => [row.id, row]));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return {
    repositories: page.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      const analyses = newest.filter((a) => a.repositoryId === id);
      const latest = analyses[0];
      return [
        {
          ...repositoryJson({ ...row, analyses: [] }),
          latest: latest && latestById.has(latest.id) ? entryJson(latestById.get(latest.id)!) : null,
          trend: analyses
            .map((a) => ({ analysisId: a.id, createdAt: a.createdAt.toISOString(), sizeBytes: a.multiStageBytes === null ? null : Number(a.multiStageBytes) }))
            .reverse(),
        },
      ];
    }),
    nextCursor: ids.length > limit ? encodeCursor(offset + limit) : null,
  };
}

/** The newest analysis of the repository whose share link works now: its link and badges. */
export interface RepositoryShareJson {
  analysisId: string;
  url: string;
  badgeUrl: string;
  /** always the newest shared analysis of this repository */
  latestBadgeUrl: string;
}

/** One repository with the history of its analyses, oldest first (at most the newest `limit`), and its newest live share link. */
export async function getRepositoryJson(id: string, origin: string, limit = 500): Promise<RepositoryJson & { history: HistoryEntryJson[]; share: RepositoryShareJson | null }> {
  const db = getDb();
  const row = await db.repository.findUnique({
    where: { id },
    include: { analyses: { orderBy: { createdAt: 'desc' }, take: limit, select: entrySelect } },
  });
  if (!row) throw new NotFoundError(REPOSITORY_NOT_FOUND);
  const shared = await db.analysis.findFirst({ where: { repositoryId: id, ...liveShareWhere() }, orderBy: { createdAt: 'desc' }, select: { id: true, shareToken: true } });
  const url = shared ? shareUrlFor(shared.shareToken, origin) : null;
  const json = repositoryJson({ ...row, analyses: row.analyses.slice(0, TREND) });
  return {
    ...json,
    history: row.analyses.map(entryJson).reverse(),
    share: shared && url ? { analysisId: shared.id, url, badgeUrl: `${url}/badge.svg`, latestBadgeUrl: `${url}/latest/badge.svg` } : null,
  };
}
