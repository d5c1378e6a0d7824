import { databaseKind, getDb, type Db } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';

// The SQL that differs between SQLite and PostgreSQL, in one place. Everything else
// goes through Prisma's query builder, the same on both.

export interface ClaimParams {
  owner: string;
  engine: string;
  perEngine: number;
  until: Date;
  now: Date;
  progress: PrismaJson.AnalysisProgress;
}

/**
 * Claims the next queued analysis for `engine` in one statement (see lib/analyses/store/jobs.ts
 * for the order). SQLite runs one writer at a time, so the statement alone is enough;
 * on PostgreSQL the row is taken FOR UPDATE SKIP LOCKED, and an advisory lock per
 * engine keeps two workers from both seeing it under its JOBS_PER_ENGINE.
 */
export async function claimQueued(p: ClaimParams): Promise<string | null> {
  const db = getDb();
  const progress = JSON.stringify(p.progress);
  if (databaseKind() === 'sqlite') {
    const rows = await db.$queryRaw<{ id: string }[]>`
      UPDATE "Analysis"
         SET "status" = 'running', "engine" = ${p.engine}, "leaseOwner" = ${p.owner}, "leaseUntil" = ${p.until},
             "attempts" = "attempts" + 1, "startedAt" = ${p.now}, "updatedAt" = ${p.now}, "error" = NULL, "progress" = ${progress}
       WHERE "id" = (
               SELECT q."id" FROM "Analysis" q
                WHERE q."status" = 'queued' AND q."cancelRequested" = 0
                ORDER BY (SELECT count(*) FROM "Analysis" r WHERE r."submittedBy" IS q."submittedBy" AND r."status" = 'running'),
                         (SELECT max(r."startedAt") FROM "Analysis" r WHERE r."submittedBy" IS q."submittedBy") IS NOT NULL,
                         (SELECT max(r."startedAt") FROM "Analysis" r WHERE r."submittedBy" IS q."submittedBy"),
                         q."createdAt"
                LIMIT 1)
         AND (SELECT count(*) FROM "Analysis" WHERE "status" = 'running' AND "engine" = ${p.engine}) < ${p.perEngine}
      RETURNING "id"`;
    return rows[0]?.id ?? null;
  }
  return db.$transaction(async (tx) => {
    // (executeRaw: the function returns void, which a query cannot read back)
    await (tx as unknown as Db).$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`shipshape-engine:${p.engine}`}))`;
    const rows = await (tx as unknown as Db).$queryRaw<{ id: string }[]>`
      UPDATE "Analysis"
         SET "status" = 'running', "engine" = ${p.engine}, "leaseOwner" = ${p.owner}, "leaseUntil" = ${p.until},
             "attempts" = "attempts" + 1, "startedAt" = ${p.now}, "updatedAt" = ${p.now}, "error" = NULL, "progress" = ${progress}::jsonb
       WHERE "id" = (
               SELECT q."id" FROM "Analysis" q
                WHERE q."status" = 'queued' AND q."cancelRequested" = false
                ORDER BY (SELECT count(*) FROM "Analysis" r WHERE r."submittedBy" IS NOT DISTINCT FROM q."submittedBy" AND r."status" = 'running'),
                         (SELECT max(r."startedAt") FROM "Analysis" r WHERE r."submittedBy" IS NOT DISTINCT FROM q."submittedBy") IS NOT NULL,
                         (SELECT max(r."startedAt") FROM "Analysis" r WHERE r."submittedBy" IS NOT DISTINCT FROM q."submittedBy"),
                         q."createdAt"
                LIMIT 1
                  FOR UPDATE SKIP LOCKED)
         AND (SELECT count(*) FROM "Analysis" WHERE "status" = 'running' AND "engine" = ${p.engine}) < ${p.perEngine}
      RETURNING "id"`;
    return rows[0]?.id ?? null;
  });
}

/** The variants' step counters and log lengths (characters, the same count on both databases). */
export async function variantLogLengths(analysisId: string) {
  return getDb().$queryRaw<{ kind: string; status: string; stepCurrent: number | null; stepTotal: number | null; len: number | bigint }[]>`
    SELECT "kind", "status", "stepCurrent", "stepTotal", length("log") AS "len" FROM "Variant" WHERE "analysisId" = ${analysisId} ORDER BY "kind"`;
}

/** A variant's log from character `from` (0-based) on. */
export async function variantLogFrom(analysisId: string, kind: string, from: number): Promise<string> {
  const rows = await getDb().$queryRaw<{ text: string }[]>`
    SELECT substr("log", CAST(${from + 1} AS INTEGER)) AS "text" FROM "Variant" WHERE "analysisId" = ${analysisId} AND "kind" = ${kind}`;
  return rows[0]?.text ?? '';
}

export interface RepositoryQuery {
  /** part of the name, any case */
  q?: string;
  /** the newest analysis's stack (its language) */
  stack?: string;
  /** the newest analysis's status */
  status?: string;
  /** the newest finished analysis failed its budget */
  overBudget?: boolean;
  sort: 'name' | 'recent' | 'size';
  offset: number;
  limit: number;
}

/**
 * The ids of one page of repositories, filtered and sorted on their newest analysis
 * (found through the (repositoryId, createdAt) index), the same SQL on both databases.
 */
export async function repositoryIds(query: RepositoryQuery): Promise<string[]> {
  const newest = (column: string) => Prisma.raw(`(SELECT a."${column}" FROM "Analysis" a WHERE a."repositoryId" = r."id" ORDER BY a."createdAt" DESC LIMIT 1)`);
  const multiStageBytes = Prisma.raw(
    `(SELECT v."sizeBytes" FROM "Variant" v WHERE v."kind" = 'multi-stage' AND v."analysisId" = (SELECT a."id" FROM "Analysis" a WHERE a."repositoryId" = r."id" ORDER BY a."createdAt" DESC LIMIT 1))`,
  );
  // a field of a JSON column, as text: SQLite's json_extract, PostgreSQL's ->>
  const sqlite = databaseKind() === 'sqlite';
  const jsonField = (column: string, field: string) =>
    Prisma.raw(
      sqlite
        ? `(SELECT json_extract(a."${column}", '$.${field}') FROM "Analysis" a WHERE a."repositoryId" = r."id" AND a."${column}" IS NOT NULL ORDER BY a."createdAt" DESC LIMIT 1)`
        : `(SELECT a."${column}"->>'${field}' FROM "Analysis" a WHERE a."repositoryId" = r."id" AND a."${column}" IS NOT NULL ORDER BY a."createdAt" DESC LIMIT 1)`,
    );
  const where: Prisma.Sql[] = [];
  if (query.q) where.push(Prisma.sql`LOWER(r."name") LIKE ${`%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`);
  // the newest analysis's stack: one with none (it failed before detecting) matches no stack
  if (query.stack) where.push(Prisma.sql`${newest('stack')} IS NOT NULL AND ${jsonField('stack', 'language')} = ${query.stack}`);
  if (query.status) where.push(Prisma.sql`CAST(${newest('status')} AS TEXT) = ${query.status}`);
  // the newest verdict (json_extract gives SQLite's 0 for false; ->> gives 'false')
  if (query.overBudget) where.push(sqlite ? Prisma.sql`${jsonField('verdict', 'pass')} = 0` : Prisma.sql`${jsonField('verdict', 'pass')} = 'false'`);
  const order =
    query.sort === 'recent'
      ? Prisma.sql`${newest('createdAt')} DESC NULLS LAST, r."name" ASC, r."id" ASC`
      : query.sort === 'size'
        ? Prisma.sql`${multiStageBytes} DESC NULLS LAST, r."name" ASC, r."id" ASC`
        : Prisma.sql`r."name" ASC, r."id" ASC`;
  const rows = await getDb().$queryRaw<{ id: string }[]>`
    SELECT r."id" FROM "Repository" r
    ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty}
    ORDER BY ${order}
    LIMIT ${query.limit} OFFSET ${query.offset}`;
  return rows.map((row) => row.id);
}

export interface NewestAnalysisRow {
  id: string;
  repositoryId: string;
  createdAt: Date;
  multiStageBytes: bigint | null;
  /** 1 = the repository's newest */
  rank: number;
}

/** The newest `n` analyses of each repository, with their multi-stage size (a window function: the same SQL on both databases). */
export async function newestAnalyses(repositoryIds: string[], n: number): Promise<NewestAnalysisRow[]> {
  if (!repositoryIds.length) return [];
  const rows = await getDb().$queryRaw<Record<string, unknown>[]>`
    SELECT t."id", t."repositoryId", t."createdAt", t."rank",
           (SELECT v."sizeBytes" FROM "Variant" v WHERE v."analysisId" = t."id" AND v."kind" = 'multi-stage') AS "multiStageBytes"
      FROM (SELECT a."id", a."repositoryId", a."createdAt",
                   ROW_NUMBER() OVER (PARTITION BY a."repositoryId" ORDER BY a."createdAt" DESC, a."id" DESC) AS "rank"
              FROM "Analysis" a WHERE a."repositoryId" IN (${Prisma.join(repositoryIds)})) t
     WHERE t."rank" <= ${n}
     ORDER BY t."repositoryId", t."rank"`;
  return rows.map((row) => ({
    id: String(row.id),
    repositoryId: String(row.repositoryId),
    createdAt: row.createdAt instanceof Date ? row.createdAt : new Date(row.createdAt as string | number),
    multiStageBytes: row.multiStageBytes === null || row.multiStageBytes === undefined ? null : BigInt(row.multiStageBytes as bigint | number | string),
    rank: Number(row.rank),
  }));
}
