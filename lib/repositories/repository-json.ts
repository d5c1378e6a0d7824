import { getDb } from '@/lib/db';
import { containsIgnoringCase } from '@/lib/db/dialect';
import { NotFoundError } from '@/lib/errors';
import { parseBudget, type Budget } from '@/lib/repositories/budget';
import { REPOSITORY_NOT_FOUND } from '@/lib/repositories/repositories';
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
  status: string;
  sourceRef: string | null;
  commitSha: string | null;
  commitSubject: string | null;
  verdict: string | null;
  variants: { kind: string; status: string; sizeBytes: bigint | null; compressedBytes: bigint | null }[];
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
    verdict: row.verdict ? (JSON.parse(row.verdict) as Verdict) : null,
  };
}

type RepositoryRow = {
  id: string;
  name: string;
  url: string | null;
  subdir: string | null;
  createdAt: Date;
  budget: string | null;
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

/** Repositories by name, a page at a time (`cursor`: the last id of the previous page); `q` matches the name. */
export async function listRepositories(options: { q?: string; cursor?: string; limit?: number } = {}): Promise<RepositoryPageJson> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const rows = await getDb().repository.findMany({
    where: options.q ? { name: containsIgnoringCase(options.q) } : {},
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
    include: { analyses: { orderBy: { createdAt: 'desc' }, take: TREND, select: entrySelect } },
  });
  const page = rows.slice(0, limit);
  return { repositories: page.map(repositoryJson), nextCursor: rows.length > limit ? page.at(-1)!.id : null };
}

/** One repository with the history of its analyses, oldest first (at most the newest `limit`). */
export async function getRepositoryJson(id: string, limit = 500): Promise<RepositoryJson & { history: HistoryEntryJson[] }> {
  const row = await getDb().repository.findUnique({
    where: { id },
    include: { analyses: { orderBy: { createdAt: 'desc' }, take: limit, select: entrySelect } },
  });
  if (!row) throw new NotFoundError(REPOSITORY_NOT_FOUND);
  const json = repositoryJson({ ...row, analyses: row.analyses.slice(0, TREND) });
  return { ...json, history: row.analyses.map(entryJson).reverse() };
}
