import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { PrismaClient as PgPrismaClient } from '@/lib/generated/prisma-pg/client';
import { getSettings } from '@/lib/env';
import { applyMigrations } from '@/lib/db/migrate';
import { applyPgMigrations } from '@/lib/db/migrate-pg';
import { backfillRepositoryKeys } from '@/lib/analyses/backfill-repository-keys';

// The database: the SQLite file (the embedded default) or a PostgreSQL server
// (DATABASE_URL=postgresql://…), through Prisma with the matching driver adapter. Both
// clients come from the same models (prisma/schema.prisma; the PostgreSQL one is
// derived by scripts/postgres-schema.mjs), so the SQLite client's type serves both.
// SQLite is migrated synchronously on first use; PostgreSQL in the background, and
// every query waits until that is done (`dbReady()` for those who want to wait first).

export type Db = PrismaClient;
export type DatabaseKind = 'sqlite' | 'postgresql';

interface DbState {
  kind: DatabaseKind;
  db: Db;
  ready: Promise<void>;
  /** the instance key, once read */
  key?: Buffer;
  close: () => Promise<void>;
}

const cache = globalThis as unknown as { shipshapeDb?: DbState };

/** The instance key row: made once, by whichever process comes first. */
function newKey(dataDir: string): string {
  // an instance from before the key lived in the database keeps its key (and its sealed credentials)
  const file = path.join(dataDir, 'instance.key');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : randomBytes(32).toString('base64');
}

function sqliteKey(databaseFile: string, dataDir: string): Buffer {
  const db = new Database(databaseFile, { timeout: 10_000 });
  try {
    db.prepare('INSERT OR IGNORE INTO "InstanceKey" ("id", "key") VALUES (1, ?)').run(newKey(dataDir));
    return Buffer.from((db.prepare('SELECT "key" FROM "InstanceKey" WHERE "id" = 1').get() as { key: string }).key, 'base64');
  } finally {
    db.close();
  }
}

export function createDb(databaseFile: string): PrismaClient {
  applyMigrations(databaseFile);
  backfillRepositoryKeys(databaseFile);
  const adapter = new PrismaBetterSqlite3({ url: `file:${databaseFile}`, timeout: 10_000 });
  return new PrismaClient({ adapter });
}

function openSqlite(file: string, dataDir: string): DbState {
  const db = createDb(file);
  return { kind: 'sqlite', db, ready: Promise.resolve(), key: sqliteKey(file, dataDir), close: () => db.$disconnect() };
}

function openPostgres(url: string, dataDir: string): DbState {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const client = new PgPrismaClient({ adapter: new PrismaPg(pool) });
  const state: DbState = { kind: 'postgresql', db: undefined as unknown as Db, ready: Promise.resolve(), close: async () => undefined };
  state.ready = (async () => {
    await applyPgMigrations(url);
    await pool.query('INSERT INTO "InstanceKey" ("id", "key") VALUES (1, $1) ON CONFLICT ("id") DO NOTHING', [newKey(dataDir)]);
    const { rows } = await pool.query<{ key: string }>('SELECT "key" FROM "InstanceKey" WHERE "id" = 1');
    state.key = Buffer.from(rows[0]!.key, 'base64');
  })();
  state.ready.catch(() => undefined); // reported to whoever queries
  // every query waits for the migrations (and fails with their error)
  const waiting = client.$extends({
    query: {
      async $allOperations({ args, query }) {
        await state.ready;
        return query(args);
      },
    },
  });
  state.db = waiting as unknown as Db;
  state.close = async () => {
    await client.$disconnect();
    await pool.end();
  };
  return state;
}

export type DatabaseSetting = ReturnType<typeof getSettings>['database'];

/** A database of its own (not this process's one): copying an instance to another database. */
export async function openDatabase(setting: DatabaseSetting, dataDir: string): Promise<{ db: Db; close: () => Promise<void> }> {
  const opened = setting.kind === 'postgresql' ? openPostgres(setting.url, dataDir) : openSqlite(setting.file, dataDir);
  await opened.ready;
  return { db: opened.db, close: opened.close };
}

function state(): DbState {
  if (!cache.shipshapeDb) {
    const settings = getSettings();
    cache.shipshapeDb = settings.database.kind === 'postgresql' ? openPostgres(settings.database.url, settings.dataDir) : openSqlite(settings.database.file, settings.dataDir);
  }
  return cache.shipshapeDb;
}

/** The one Prisma client of this process; the database is migrated before first use. */
export function getDb(): Db {
  return state().db;
}

/** Resolves once the database is migrated and the instance key read (at once for SQLite). */
export async function dbReady(): Promise<void> {
  await state().ready;
}

export function databaseKind(): DatabaseKind {
  return getSettings().database.kind;
}

/** The instance key (lib/secrets.ts); on PostgreSQL only once dbReady() has resolved. */
export function instanceKeyFromDb(): Buffer {
  const current = state();
  if (!current.key) throw new Error('The database is not ready yet: await dbReady() before using the instance key.');
  return current.key;
}

/** Closes this process's database connections (tests, scripts that end). */
export async function closeDb(): Promise<void> {
  const current = cache.shipshapeDb;
  delete cache.shipshapeDb;
  await current?.close();
}

export interface DatabaseHealth {
  kind: DatabaseKind;
  reachable: boolean;
  /** why not, for the operator (never the URL: it may hold a password) */
  reason?: string;
}

/** Whether the database answers (GET /api/health). */
export async function checkDatabase(): Promise<DatabaseHealth> {
  const kind = databaseKind();
  try {
    await getDb().instanceKey.findFirst({ select: { id: true } });
    return { kind, reachable: true };
  } catch (error) {
    return { kind, reachable: false, reason: (error as Error).message.split('\n')[0]!.replace(/postgres(ql)?:\/\/\S+/g, '<DATABASE_URL>') };
  }
}
