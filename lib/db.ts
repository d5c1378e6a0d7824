import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { getSettings } from '@/lib/env';
import { applyMigrations } from '@/lib/db/migrate';
import { backfillRepositoryKeys } from '@/lib/analyses/backfill-repository-keys';

export type Db = PrismaClient;

const cache = globalThis as unknown as { shipshapeDb?: PrismaClient };

export function createDb(databaseFile: string): PrismaClient {
  applyMigrations(databaseFile);
  backfillRepositoryKeys(databaseFile);
  const adapter = new PrismaBetterSqlite3({ url: `file:${databaseFile}`, timeout: 10_000 });
  return new PrismaClient({ adapter });
}

/** The one Prisma client of this process; the database is migrated before first use. */
export function getDb(): PrismaClient {
  cache.shipshapeDb ??= createDb(getSettings().databaseFile);
  return cache.shipshapeDb;
}
