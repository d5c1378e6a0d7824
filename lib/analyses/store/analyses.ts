import { getDb } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';

// The analysis store, analysis rows: every write to an Analysis row outside the queue's
// job state (./jobs.ts) goes through here (lib/analyses/store/README.md).

export interface NewAnalysis {
  id: string;
  sourceType: string;
  sourceLabel: string;
  sourceRef: string | null;
  sourceSubdir: string | null;
  shareToken: string;
  repositoryKey: string;
  repositoryId: string;
  commit: { sha: string; subject: string | null } | null;
  /** the git URL's credentials, sealed with the instance key */
  sourceSecret: string | null;
  submittedBy: string | null;
  options: PrismaJson.AnalysisOptions;
  /** the monorepo root's analysis that started this one for one of its apps */
  groupId?: string | null;
}

/** A submitted analysis, queued. */
export async function createAnalysisRow(analysis: NewAnalysis): Promise<void> {
  const { commit, ...fields } = analysis;
  await getDb().analysis.create({
    data: {
      ...fields,
      status: 'queued',
      commitSha: commit?.sha ?? null,
      commitSubject: commit?.subject ?? null,
      progress: { phase: 'queued', message: 'Waiting for the builder' },
    },
  });
}

export async function setProgress(id: string, progress: PrismaJson.AnalysisProgress): Promise<void> {
  await getDb().analysis.update({ where: { id }, data: { progress } });
}

/** A job taken up (again) starts from a clean slate: no variants, no error, no notes. */
export async function startAttempt(id: string): Promise<void> {
  const db = getDb();
  await db.variant.deleteMany({ where: { analysisId: id } });
  await db.analysis.update({ where: { id }, data: { error: null, notes: Prisma.DbNull, progress: { phase: 'fetching', message: 'Fetching the source' } } });
}

/** The commit analysed (git's HEAD after the clone). */
export async function setCommit(id: string, commit: { sha: string; subject: string | null }): Promise<void> {
  await getDb().analysis.update({ where: { id }, data: { commitSha: commit.sha, commitSubject: commit.subject } });
}

/** The detected stack, and the .dockerignore written when the repository has none. */
export async function setStack(id: string, stack: PrismaJson.StackJson, dockerignore: string | null): Promise<void> {
  await getDb().analysis.update({ where: { id }, data: { stack, dockerignore } });
}

export async function setNotes(id: string, notes: PrismaJson.Notes): Promise<void> {
  await getDb().analysis.update({ where: { id }, data: { notes } });
}

/** The repository's budget applied to the analysis (null: no budget). */
export async function setVerdict(id: string, verdict: PrismaJson.Verdict | null): Promise<void> {
  await getDb().analysis.update({ where: { id }, data: { verdict: verdict ?? Prisma.DbNull } });
}

/** Retention removed the analysis's images from the engine (its numbers stay). */
export async function markImagesRemoved(id: string, at = new Date()): Promise<void> {
  await getDb().analysis.update({ where: { id }, data: { imagesRemovedAt: at } });
}

/** The analysis and everything of it (variants, layers, files, upload) go. */
export async function deleteAnalysisRow(id: string): Promise<void> {
  await getDb().analysis.delete({ where: { id } });
}

export interface NewShare {
  token: string;
  sharedAt: Date;
  expiresAt: Date | null;
  includeLogs: boolean;
}

/** A new share link; refused (false) when `unlockedOnly` and an admin locked sharing, or no such analysis. */
export async function saveShare(id: string, share: NewShare, unlockedOnly: boolean): Promise<boolean> {
  const done = await getDb().analysis.updateMany({
    where: { id, ...(unlockedOnly ? { shareLockedAt: null } : {}) },
    data: { shareToken: share.token, sharedAt: share.sharedAt, shareExpiresAt: share.expiresAt, shareRevokedAt: null, shareIncludeLogs: share.includeLogs },
  });
  return done.count === 1;
}

/** Stops the share link; `lock` also locks sharing. False: no such analysis. */
export async function saveShareRevoked(id: string, at: Date, lock: boolean): Promise<boolean> {
  const done = await getDb().analysis.updateMany({ where: { id }, data: { shareRevokedAt: at, ...(lock ? { shareLockedAt: at } : {}) } });
  return done.count === 1;
}

/** Locks or unlocks sharing. False: no such analysis. */
export async function saveShareLock(id: string, lockedAt: Date | null): Promise<boolean> {
  const done = await getDb().analysis.updateMany({ where: { id }, data: { shareLockedAt: lockedAt } });
  return done.count === 1;
}

/** What the apps of a monorepo's root are analysed from (lib/analyses/app-group.ts). */
export interface GroupSource {
  id: string;
  sourceType: string;
  sourceLabel: string;
  sourceRef: string | null;
  sourceSubdir: string | null;
  sourceSecret: string | null;
  submittedBy: string | null;
  repositoryKey: string | null;
  options: PrismaJson.AnalysisOptions | null;
  apps: PrismaJson.FoundApps | null;
}

export async function getGroupSource(id: string): Promise<GroupSource> {
  return getDb().analysis.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      sourceType: true,
      sourceLabel: true,
      sourceRef: true,
      sourceSubdir: true,
      sourceSecret: true,
      submittedBy: true,
      repositoryKey: true,
      options: true,
      apps: true,
    },
  });
}

/** The apps found at a monorepo's root, each with the analysis started for it. */
export async function setApps(id: string, apps: PrismaJson.FoundApps): Promise<void> {
  await getDb().analysis.update({ where: { id }, data: { apps } });
}
