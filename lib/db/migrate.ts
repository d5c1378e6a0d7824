import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

// Applies prisma/migrations/<timestamp>_<name>/migration.sql in order and records
// them in Prisma's own `_prisma_migrations` table, so `prisma migrate status` on a
// machine with the schema engine sees the same history.

export const MIGRATIONS_DIR = path.join(process.cwd(), 'prisma', 'migrations');

export class MigrationError extends Error {
  override name = 'MigrationError';
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: string | null;
}

export function listMigrations(dir = MIGRATIONS_DIR): { name: string; sql: string; checksum: string }[] {
  // The folder is shipped beside the server (see Dockerfile), not traced into the bundle.
  if (!existsSync(/*turbopackIgnore: true*/ dir)) throw new MigrationError(`No migrations found at ${dir}.`);
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Brings the database file up to date; returns the names of the migrations applied now. */
export function applyMigrations(databaseFile: string, dir = MIGRATIONS_DIR): string[] {
  mkdirSync(path.dirname(databaseFile), { recursive: true });
  const db = new Database(databaseFile, { timeout: 10_000 });
  try {
    // WAL lets the web server read while the worker writes (prisma/orm#10403).
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "checksum" TEXT NOT NULL,
      "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL,
      "logs" TEXT,
      "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
    )`);
    // Foreign keys are off while migrations run (a migration that redefines a table
    // drops and recreates it, which would cascade-delete child rows), and checked after:
    // the pragma is a no-op inside a transaction, so it is set outside.
    db.pragma('foreign_keys = OFF');
    const appliedNow: string[] = [];
    for (const migration of listMigrations(dir)) {
      // BEGIN IMMEDIATE takes the write lock first; what is applied is read under it, so
      // two processes starting at once never apply the same migration twice
      const apply = db.transaction(() => {
        const row = db.prepare('SELECT checksum, finished_at FROM "_prisma_migrations" WHERE migration_name = ? AND rolled_back_at IS NULL').get(migration.name) as
          | Omit<AppliedRow, 'migration_name'>
          | undefined;
        if (row) {
          if (row.checksum !== migration.checksum) {
            throw new MigrationError(`Migration ${migration.name} was changed after it was applied to ${databaseFile}. Restore the original file and add a new migration instead.`);
          }
          if (!row.finished_at)
            throw new MigrationError(`Migration ${migration.name} did not finish on an earlier start. Restore the database from a backup before starting again.`);
          return false;
        }
        db.exec(migration.sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length) throw new MigrationError(`Migration ${migration.name} leaves ${broken.length} row(s) whose foreign key points nowhere; it was not applied.`);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES (?, ?, current_timestamp, ?, 1)`,
        ).run(randomUUID(), migration.checksum, migration.name);
        return true;
      });
      if (apply.immediate()) appliedNow.push(migration.name);
    }
    return appliedNow;
  } finally {
    db.pragma('foreign_keys = ON');
    db.close();
  }
}
