import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPgMigrations, PG_MIGRATIONS_DIR } from '@/lib/db/migrate-pg';
import { listMigrations } from '@/lib/db/migrate';
import { expectedForeignKeys, expectedIndexes, loadDmmf, sqlDefault } from '../helpers/dmmf';
import { freshTestDatabase } from '../helpers/postgres-cluster';

// The PostgreSQL migrations agree with prisma/schema.prisma as Prisma's parser reads it,
// checked against what the server's catalog says they made; several processes starting
// at once apply them once; an edited migration is refused.

const PG_TYPES: Record<string, string> = {
  String: 'text',
  DateTime: 'timestamp without time zone',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  Bytes: 'bytea',
  Json: 'jsonb',
};

const clients: pg.Client[] = [];
afterAll(async () => {
  for (const client of clients) await client.end();
});

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

/** A column default as the catalog prints it, in the form sqlDefault() gives. */
function normalDefault(value: string | null): string | undefined {
  if (value === null || value.startsWith('nextval(')) return undefined;
  return value.replace(/::("[A-Za-z]+"|[a-z ]+)$/, '');
}

describe('PostgreSQL migrations', () => {
  it('agree with prisma/schema.prisma: tables, columns, types, nullability, defaults, keys, indexes, foreign keys', async () => {
    const url = freshTestDatabase('agreement');
    expect(await applyPgMigrations(url)).toEqual(listMigrations(PG_MIGRATIONS_DIR).map((m) => m.name));
    const db = await connect(url);
    const dmmf = loadDmmf();
    const tables = (
      await db.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name != '_prisma_migrations'`)
    ).rows
      .map((t) => t.name)
      .sort();
    expect(tables).toEqual(dmmf.datamodel.models.map((m) => m.dbName ?? m.name).sort());

    for (const model of dmmf.datamodel.models) {
      const table = model.dbName ?? model.name;
      const columns = (
        await db.query<{ name: string; type: string; udt: string; nullable: string; dflt: string | null; precision: number | null }>(
          `SELECT column_name AS name, data_type AS type, udt_name AS udt, is_nullable AS nullable, column_default AS dflt, datetime_precision AS precision
           FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
          [table],
        )
      ).rows;
      const primary = (
        await db.query<{ name: string }>(
          `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = $1::regclass AND i.indisprimary`,
          [`"${table}"`],
        )
      ).rows.map((r) => r.name);
      // an enum is a type of its own, named as in the schema
      const scalars = model.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');
      expect(columns.map((c) => c.name).sort(), `columns of ${table}`).toEqual(scalars.map((f) => f.name).sort());
      for (const field of scalars) {
        const column = columns.find((c) => c.name === field.name)!;
        expect(
          {
            type: column.type === 'USER-DEFINED' ? `enum ${column.udt}` : column.type,
            notnull: column.nullable === 'NO',
            pk: primary.includes(field.name),
            dflt: normalDefault(column.dflt),
          },
          `${table}.${field.name}`,
        ).toEqual({
          type: field.kind === 'enum' ? `enum ${field.type}` : PG_TYPES[field.type],
          notnull: field.isRequired,
          pk: field.isId || (model.primaryKey?.fields.includes(field.name) ?? false),
          dflt: typeof field.default === 'object' && field.default.name === 'autoincrement' ? undefined : sqlDefault(field),
        });
        // Prisma's DateTime is TIMESTAMP(3) on PostgreSQL
        if (field.type === 'DateTime') expect(column.precision, `${table}.${field.name}`).toBe(3);
      }

      const indexes = (
        await db.query<{ unique: boolean; columns: string[] }>(
          `SELECT i.indisunique AS unique, array_agg(a.attname::text ORDER BY k.n) AS columns
           FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
           WHERE i.indrelid = $1::regclass AND NOT i.indisprimary GROUP BY i.indexrelid, i.indisunique`,
          [`"${table}"`],
        )
      ).rows;
      const expected = expectedIndexes(dmmf, model);
      const order = (list: { columns: string[] }[]) => list.sort((a, b) => a.columns.join().localeCompare(b.columns.join()));
      expect(order(indexes), `indexes of ${table}`).toEqual(order(expected));

      const foreignKeys = (
        await db.query<{ table: string; from: string; to: string; onDelete: string }>(
          `SELECT ccu.table_name AS table, kcu.column_name AS from, ccu.column_name AS to, rc.delete_rule AS "onDelete"
           FROM information_schema.referential_constraints rc
           JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.table_schema = 'public'
           JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.constraint_name AND ccu.table_schema = 'public'
           WHERE kcu.table_name = $1`,
          [table],
        )
      ).rows;
      const relations = expectedForeignKeys(dmmf, model);
      const byColumn = (list: { from: string }[]) => list.sort((a, b) => a.from.localeCompare(b.from));
      expect(byColumn(foreignKeys), `foreign keys of ${table}`).toEqual(byColumn(relations));
    }
  });

  it('are applied once when four processes start at the same moment', async () => {
    const url = freshTestDatabase('four_at_once');
    const applied = await Promise.all([1, 2, 3, 4].map(() => applyPgMigrations(url)));
    // one process applied them all under the advisory lock; the others found them applied
    expect(applied.flat().sort()).toEqual(
      listMigrations(PG_MIGRATIONS_DIR)
        .map((m) => m.name)
        .sort(),
    );
    const db = await connect(url);
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM "_prisma_migrations"');
    expect(Number(rows[0]!.n)).toBe(listMigrations(PG_MIGRATIONS_DIR).length);
  });

  it('refuse to start when an applied migration was edited', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-pg-migrations-'));
    cpSync(PG_MIGRATIONS_DIR, dir, { recursive: true });
    const url = freshTestDatabase('edited');
    await applyPgMigrations(url, dir);
    const first = listMigrations(dir)[0]!;
    writeFileSync(path.join(dir, first.name, 'migration.sql'), `${first.sql}\n-- edited\n`);
    await expect(applyPgMigrations(url, dir)).rejects.toThrow(/was changed after it was applied/);
  });

  it('turn statuses into enums and JSON text into JSONB, keeping every row; text that is not JSON becomes none', async () => {
    const before = mkdtempSync(path.join(os.tmpdir(), 'shipshape-pg-migrations-'));
    for (const m of listMigrations(PG_MIGRATIONS_DIR).filter((m) => m.name < '20261201090000'))
      cpSync(path.join(PG_MIGRATIONS_DIR, m.name), path.join(before, m.name), { recursive: true });
    const url = freshTestDatabase('typed_json');
    await applyPgMigrations(url, before);
    const db = await connect(url);
    await db.query(`INSERT INTO "Repository" ("id", "key", "name", "budget") VALUES ('r1', 'git:https://x/r', 'x/r', $1)`, [JSON.stringify({ maxSize: [], minEfficiency: 0.9 })]);
    await db.query(
      `INSERT INTO "Analysis" ("id", "updatedAt", "status", "sourceType", "sourceLabel", "shareToken", "repositoryId", "progress", "notes", "options") VALUES ('a1', now(), 'succeeded', 'git', 'https://x/r.git', 't1', 'r1', $1, '', 'not json')`,
      [JSON.stringify({ phase: 'finished', message: 'Finished' })],
    );
    await db.query(
      `INSERT INTO "Variant" ("id", "analysisId", "kind", "status", "dockerfile", "baseImages", "builder", "sizeSource") VALUES ('v1', 'a1', 'multi-stage', 'succeeded', 'FROM scratch', '[]', 'buildkit', 'engine')`,
    );
    await db.query(
      `INSERT INTO "Layer" ("id", "variantId", "position", "historyId", "createdBy", "sizeBytes", "empty", "compressedSource") VALUES ('l1', 'v1', 0, 'sha256:1', 'COPY . .', 1, false, 'computed')`,
    );
    expect(await applyPgMigrations(url)).toEqual(
      listMigrations(PG_MIGRATIONS_DIR)
        .map((m) => m.name)
        .filter((n) => n >= '20261201090000'),
    );
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT a."status", a."progress", a."notes", a."options", r."budget", v."builder", v."baseImages", v."sizeSource", l."compressedSource", pg_typeof(a."status")::text AS "statusType"
         FROM "Analysis" a JOIN "Repository" r ON r."id" = a."repositoryId" JOIN "Variant" v ON v."analysisId" = a."id" JOIN "Layer" l ON l."variantId" = v."id"`,
    );
    expect(rows).toEqual([
      {
        status: 'succeeded',
        statusType: '"AnalysisStatus"',
        progress: { phase: 'finished', message: 'Finished' },
        notes: null,
        options: null,
        budget: { maxSize: [], minEfficiency: 0.9 },
        builder: 'buildkit',
        baseImages: [],
        sizeSource: 'engine',
        compressedSource: 'computed',
      },
    ]);
    await expect(db.query(`UPDATE "Analysis" SET "status" = 'done'`)).rejects.toThrow(/invalid input value for enum "AnalysisStatus"/);
  });
});
