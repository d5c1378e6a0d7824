import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { listMigrations, MigrationError } from '@/lib/db/migrate';

// PostgreSQL's migrations (prisma/postgres/migrations, the same layout as SQLite's),
// applied at start and recorded in Prisma's own `_prisma_migrations` table. Several
// processes may start at once (workers on several machines): an advisory lock lets
// one apply while the others wait, and each reads what was applied under that lock.

export const PG_MIGRATIONS_DIR = path.join(process.cwd(), 'prisma', 'postgres', 'migrations');

/** Any constant that is Shipshape's own: the lock serialises migrating processes. */
const MIGRATION_LOCK = 7_310_224_451;

export async function applyPgMigrations(url: string, dir = PG_MIGRATIONS_DIR): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const applied = new Map(rows.map((row) => [row.migration_name, row]));
    const appliedNow: string[] = [];
    for (const migration of listMigrations(dir)) {
      const row = applied.get(migration.name);
      if (row) {
        if (row.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} was changed after it was applied to the PostgreSQL database. Restore the original file and add a new migration instead.`,
          );
        }
        if (!row.finished_at) throw new MigrationError(`Migration ${migration.name} did not finish on an earlier start. Restore the database from a backup before starting again.`);
        continue;
      }
      // PostgreSQL runs DDL inside a transaction: a migration applies whole or not at all
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)', [
          randomUUID(),
          migration.checksum,
          migration.name,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new MigrationError(`Migration ${migration.name} failed on the PostgreSQL database: ${(error as Error).message}`);
      }
      appliedNow.push(migration.name);
    }
    return appliedNow;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}
