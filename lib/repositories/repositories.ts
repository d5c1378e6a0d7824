import { getDb } from '@/lib/db';
import { repositoryOf } from '@/lib/sources/image-ref';
import { Prisma } from '@/lib/generated/prisma/client';
import { setVerdict } from '@/lib/analyses/store/analyses';
import { newRepositoryId } from '@/lib/ids';
import { NotFoundError } from '@/lib/errors';
import { normaliseGitUrl, normaliseSubdir, type RepositorySource } from '@/lib/analyses/repository-key';
import { parseBudget, type Budget } from '@/lib/repositories/budget';
import { judge, type BaselineJson, type Verdict } from '@/lib/repositories/verdict';

// The repositories a team analyses, one row per repository key, and every write to
// them (the repository store): found or made at submission, and their budget. Each
// analysis's verdict is judged here and stored through the analysis store.

export const REPOSITORY_NOT_FOUND = 'No such repository. It may have been removed, or the link is mistyped.';

/** What a person calls it: host/path of the git URL (without credentials), an upload's given name or file. */
export function repositoryNameOf(source: RepositorySource): { name: string; url: string | null; subdir: string | null } {
  const subdir = normaliseSubdir(source.subdir) || null;
  const within = subdir ? ` · ${subdir}` : '';
  if (source.type === 'git') {
    const url = normaliseGitUrl(source.url);
    return { name: `${url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')}${within}`, url, subdir };
  }
  if (source.type === 'image') return { name: repositoryOf(source.ref), url: null, subdir: null };
  const name = source.type === 'sample' ? `sample:${source.name}` : source.type === 'named' ? source.name.trim() : source.filename;
  return { name: `${name}${within}`, url: null, subdir };
}

/** The repository with this key, made on first use (two submissions at once make one). */
export async function ensureRepository(key: string, source: RepositorySource): Promise<string> {
  const db = getDb();
  const found = await db.repository.findUnique({ where: { key }, select: { id: true } });
  if (found) return found.id;
  const { name, url, subdir } = repositoryNameOf(source);
  try {
    return (await db.repository.create({ data: { id: newRepositoryId(), key, name, url, subdir }, select: { id: true } })).id;
  } catch (error) {
    const raced = await db.repository.findUnique({ where: { key }, select: { id: true } });
    if (raced) return raced.id;
    throw error;
  }
}

export async function setBudget(repositoryId: string, budget: Budget | null, by: string): Promise<void> {
  const db = getDb();
  const found = await db.repository.findUnique({ where: { id: repositoryId }, select: { id: true } });
  if (!found) throw new NotFoundError(REPOSITORY_NOT_FOUND);
  await db.repository.update({ where: { id: repositoryId }, data: { budget: budget ?? Prisma.DbNull, budgetUpdatedAt: new Date(), budgetUpdatedBy: by } });
  // the newest finished analysis shows the budget's state on the dashboard at once
  const latest = await db.analysis.findFirst({ where: { repositoryId, status: { in: ['succeeded', 'failed'] } }, orderBy: { createdAt: 'desc' }, select: { id: true } });
  if (latest) await judgeAnalysis(latest.id);
}

const baselineSelect = {
  id: true,
  createdAt: true,
  sourceRef: true,
  commitSha: true,
  commitSubject: true,
  variants: { select: { kind: true, sizeBytes: true } },
} as const;

/** The analysis an analysis's growth is measured against, per the budget. */
async function findBaseline(analysis: { id: string; repositoryId: string; createdAt: Date }, budget: Budget): Promise<BaselineJson | null> {
  const db = getDb();
  const pinned = budget.baseline && 'analysisId' in budget.baseline ? budget.baseline.analysisId : null;
  const ref = budget.baseline && 'ref' in budget.baseline ? budget.baseline.ref : undefined;
  const row = pinned
    ? await db.analysis.findFirst({ where: { id: pinned, repositoryId: analysis.repositoryId, status: 'succeeded', NOT: { id: analysis.id } }, select: baselineSelect })
    : await db.analysis.findFirst({
        where: { repositoryId: analysis.repositoryId, status: 'succeeded', createdAt: { lt: analysis.createdAt }, NOT: { id: analysis.id }, ...(ref ? { sourceRef: ref } : {}) },
        orderBy: { createdAt: 'desc' },
        select: baselineSelect,
      });
  if (!row) return null;
  const sizes: Record<string, number> = {};
  for (const v of row.variants) if (v.sizeBytes !== null) sizes[v.kind] = Number(v.sizeBytes);
  return {
    analysisId: row.id,
    createdAt: row.createdAt.toISOString(),
    ref: row.sourceRef,
    commit: row.commitSha ? { sha: row.commitSha, subject: row.commitSubject } : null,
    sizes,
  };
}

/** Holds an analysis to its repository's budget and stores the verdict (null without a budget). */
export async function judgeAnalysis(analysisId: string): Promise<Verdict | null> {
  const db = getDb();
  const analysis = await db.analysis.findUnique({
    where: { id: analysisId },
    select: {
      id: true,
      createdAt: true,
      repositoryId: true,
      repository: { select: { budget: true } },
      variants: { select: { kind: true, sizeBytes: true, compressedBytes: true, efficiency: true, wastedBytes: true } },
    },
  });
  if (!analysis) return null;
  const budget = parseBudget(analysis.repository?.budget ?? null);
  const verdict =
    budget && analysis.repositoryId
      ? judge(
          budget,
          analysis.variants.map((v) => ({
            kind: v.kind,
            sizeBytes: v.sizeBytes === null ? null : Number(v.sizeBytes),
            compressedBytes: v.compressedBytes === null ? null : Number(v.compressedBytes),
            efficiency: v.efficiency,
            wastedBytes: v.wastedBytes === null ? null : Number(v.wastedBytes),
          })),
          await findBaseline({ id: analysis.id, repositoryId: analysis.repositoryId, createdAt: analysis.createdAt }, budget),
        )
      : null;
  await setVerdict(analysisId, verdict);
  return verdict;
}
