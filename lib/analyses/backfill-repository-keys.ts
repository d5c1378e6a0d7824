import Database from 'better-sqlite3';
import { repositoryKeyOfRow } from '@/lib/analyses/repository-key';

interface Row {
  id: string;
  sourceType: string;
  sourceLabel: string;
  sourceSubdir: string | null;
  submittedBy: string | null;
}

/**
 * Gives analyses stored before repository keys existed their key and their repository, computed from the row
 * by the same code as at submission (SQL cannot normalise URLs). Runs at start, after
 * the migrations; once every row has a key it finds nothing to do. Returns how many rows
 * it keyed.
 */
export function backfillRepositoryKeys(databaseFile: string): number {
  const db = new Database(databaseFile, { timeout: 10_000 });
  try {
    const rows = db.prepare('SELECT "id", "sourceType", "sourceLabel", "sourceSubdir", "submittedBy" FROM "Analysis" WHERE "repositoryKey" IS NULL').all() as Row[];
    if (!rows.length) return 0;
    const update = db.prepare('UPDATE "Analysis" SET "repositoryKey" = ? WHERE "id" = ? AND "repositoryKey" IS NULL');
    db.transaction(() => {
      for (const row of rows) update.run(repositoryKeyOfRow(row), row.id);
      // and their repositories, as the migration that made repositories did for keyed rows
      db.prepare(
        `INSERT OR IGNORE INTO "Repository" ("id", "key", "name", "subdir", "createdAt")
         SELECT lower(hex(randomblob(12))), "repositoryKey", MIN("sourceLabel"), MIN("sourceSubdir"), MIN("createdAt")
         FROM "Analysis" WHERE "repositoryId" IS NULL AND "repositoryKey" IS NOT NULL GROUP BY "repositoryKey"`,
      ).run();
      db.prepare(
        'UPDATE "Analysis" SET "repositoryId" = (SELECT "id" FROM "Repository" WHERE "Repository"."key" = "Analysis"."repositoryKey") WHERE "repositoryId" IS NULL AND "repositoryKey" IS NOT NULL',
      ).run();
    })();
    return rows.length;
  } finally {
    db.close();
  }
}
