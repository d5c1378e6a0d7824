import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations, MIGRATIONS_DIR, listMigrations } from '@/lib/db/migrate';
import { createDb } from '@/lib/db';
import { expectedForeignKeys, expectedIndexes, loadDmmf, sqlDefault } from '../../tests/helpers/dmmf';
import { GO_STACK } from '../../tests/helpers/go-stack';

// The schema engine cannot run here, so agreement between prisma/schema.prisma and
// the SQL migrations is proven directly: Prisma's own schema parser (the wasm build
// the CLI uses) gives the datamodel, SQLite's PRAGMAs give what the migrations made.

const SQLITE_TYPES: Record<string, string> = {
  String: 'TEXT',
  DateTime: 'DATETIME',
  Int: 'INTEGER',
  BigInt: 'BIGINT',
  Float: 'REAL',
  Boolean: 'BOOLEAN',
  Bytes: 'BLOB',
  // what Prisma's SQLite connector declares for Json (JSON text in it), as its own migrations do
  Json: 'JSONB',
};

function tmpDb(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-db-')), 'test.db');
}

describe('migrations', () => {
  it('apply once to a fresh database and are recorded as Prisma records them', () => {
    const file = tmpDb();
    expect(applyMigrations(file)).toEqual(listMigrations().map((m) => m.name));
    expect(applyMigrations(file)).toEqual([]);
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT migration_name, finished_at FROM _prisma_migrations').all() as { migration_name: string; finished_at: string }[];
    expect(rows.map((r) => r.migration_name)).toEqual(listMigrations().map((m) => m.name));
    expect(rows.every((r) => r.finished_at)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuse to start when an applied migration was edited', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-migrations-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const file = tmpDb();
    applyMigrations(file, dir);
    const first = listMigrations(dir)[0]!;
    writeFileSync(path.join(dir, first.name, 'migration.sql'), `${first.sql}\n-- edited\n`);
    expect(() => applyMigrations(file, dir)).toThrow(/was changed after it was applied/);
  });

  it('agree with prisma/schema.prisma: tables, columns, types, nullability, defaults, keys, indexes', () => {
    const file = tmpDb();
    applyMigrations(file);
    const db = new Database(file, { readonly: true });
    const dmmf = loadDmmf();
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations'").all() as { name: string }[])
      .map((t) => t.name)
      .sort();
    expect(tables).toEqual(dmmf.datamodel.models.map((m) => m.dbName ?? m.name).sort());

    for (const model of dmmf.datamodel.models) {
      const table = model.dbName ?? model.name;
      const columns = db.pragma(`table_info("${table}")`) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
      // an enum is TEXT on SQLite (Prisma checks its values)
      const scalars = model.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');
      expect(columns.map((c) => c.name).sort(), `columns of ${table}`).toEqual(scalars.map((f) => f.name).sort());
      for (const field of scalars) {
        const column = columns.find((c) => c.name === field.name)!;
        expect({ type: column.type, notnull: column.notnull === 1, pk: column.pk > 0, dflt: column.dflt_value ?? undefined }, `${table}.${field.name}`).toEqual({
          type: field.kind === 'enum' ? 'TEXT' : SQLITE_TYPES[field.type],
          notnull: field.isRequired,
          pk: field.isId || (model.primaryKey?.fields.includes(field.name) ?? false),
          dflt: sqlDefault(field),
        });
      }

      const indexes = (db.pragma(`index_list("${table}")`) as { name: string; unique: number; origin: string }[])
        .filter((i) => i.origin !== 'pk')
        .map((i) => ({
          unique: i.unique === 1,
          columns: (db.pragma(`index_info("${i.name}")`) as { name: string }[]).map((c) => c.name),
        }));
      const expected = expectedIndexes(dmmf, model);
      expect(
        indexes.sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
        `indexes of ${table}`,
      ).toEqual(expected.sort((a, b) => a.columns.join().localeCompare(b.columns.join())));

      const foreignKeys = (db.pragma(`foreign_key_list("${table}")`) as { table: string; from: string; to: string; on_delete: string }[]).map((fk) => ({
        table: fk.table,
        from: fk.from,
        to: fk.to,
        onDelete: fk.on_delete,
      }));
      const relations = expectedForeignKeys(dmmf, model);
      expect(foreignKeys, `foreign keys of ${table}`).toEqual(relations);
    }
    db.close();
  });
});

describe('every model on a freshly migrated database', () => {
  it('can be written and read back, and deleting an analysis removes its variants and layers', async () => {
    const prisma = createDb(tmpDb());
    const startedAt = new Date('2026-01-02T03:04:05.000Z');
    await prisma.analysis.create({
      data: {
        id: 'a1',
        status: 'succeeded',
        sourceType: 'git',
        sourceLabel: 'https://example.com/repo.git',
        sourceRef: 'main',
        sourceSubdir: 'svc',
        stack: GO_STACK,
        progress: { phase: 'finished', message: 'Finished' },
        shareToken: 'token-1',
        startedAt,
        finishedAt: startedAt,
        variants: {
          create: {
            kind: 'single-stage',
            status: 'succeeded',
            dockerfile: 'FROM golang:1.22\n',
            baseImages: [],
            imageId: 'sha256:abc',
            imageTag: 'shipshape/a1:single-stage',
            sizeBytes: 5_000_000_000n,
            buildSeconds: 12.5,
            stepCurrent: 7,
            stepTotal: 7,
            log: 'Step 1/7',
            layers: {
              create: [
                { position: 0, historyId: 'sha256:abc', createdBy: 'CMD', sizeBytes: 0n, empty: true, createdAt: startedAt, diffId: null, compressedBytes: 12n, filesAdded: 1 },
              ],
            },
            files: { create: [{ layer: 0, path: '/usr/local/go/bin/go', sizeBytes: 12_345_678n, change: 'added', type: 'file' }] },
            efficiency: 0.98,
            wastedBytes: 7n,
          },
        },
      },
    });
    const read = await prisma.analysis.findUniqueOrThrow({ where: { shareToken: 'token-1' }, include: { variants: { include: { layers: true, files: true } } } });
    expect(read).toMatchObject({ id: 'a1', sourceRef: 'main', sourceSubdir: 'svc', startedAt, error: null });
    expect(read.createdAt).toBeInstanceOf(Date);
    const variant = read.variants[0]!;
    expect(variant).toMatchObject({ sizeBytes: 5_000_000_000n, buildSeconds: 12.5, stepTotal: 7, error: null });
    expect(variant.layers[0]).toMatchObject({ position: 0, sizeBytes: 0n, empty: true, createdAt: startedAt, compressedBytes: 12n, filesAdded: 1, filesRemoved: null });
    expect(variant.files[0]).toMatchObject({ layer: 0, path: '/usr/local/go/bin/go', sizeBytes: 12_345_678n, change: 'added', type: 'file' });
    expect(variant).toMatchObject({ efficiency: 0.98, wastedBytes: 7n });

    await expect(prisma.analysis.create({ data: { id: 'a2', status: 'queued', sourceType: 'sample', sourceLabel: 'sample:go', shareToken: 'token-1' } })).rejects.toThrow();
    await prisma.analysis.delete({ where: { id: 'a1' } });
    expect(await prisma.variant.count()).toBe(0);
    expect(await prisma.layer.count()).toBe(0);
    expect(await prisma.fileChange.count()).toBe(0);
    await prisma.$disconnect();
  });
});

describe('upgrading to typed JSON columns', () => {
  it('keeps every row, its variants and layers, reads JSON text as typed values, and turns text that is not JSON into none', async () => {
    const before = mkdtempSync(path.join(os.tmpdir(), 'shipshape-migrations-'));
    for (const m of listMigrations().filter((m) => m.name < '20261201090000')) cpSync(path.join(MIGRATIONS_DIR, m.name), path.join(before, m.name), { recursive: true });
    const file = tmpDb();
    applyMigrations(file, before);
    const old = new Database(file);
    old
      .prepare(`INSERT INTO "Repository" ("id", "key", "name", "budget") VALUES ('r1', 'git:https://x/r', 'x/r', ?)`)
      .run(JSON.stringify({ maxSize: [], maxGrowth: null, baseline: null, minEfficiency: 0.9, maxWasted: null }));
    old
      .prepare(
        `INSERT INTO "Analysis" ("id", "updatedAt", "status", "sourceType", "sourceLabel", "shareToken", "repositoryId", "stack", "progress", "notes", "options") VALUES ('a1', '2026-01-01T10:00:00.000+00:00', 'succeeded', 'git', 'https://x/r.git', 't1', 'r1', ?, ?, '', 'not json')`,
      )
      .run(JSON.stringify(GO_STACK), JSON.stringify({ phase: 'finished', message: 'Finished' }));
    old
      .prepare(
        `INSERT INTO "Variant" ("id", "analysisId", "kind", "status", "dockerfile", "baseImages", "builder", "findings", "sizeBytes") VALUES ('v1', 'a1', 'multi-stage', 'succeeded', 'FROM scratch', ?, 'buildkit', '[]', 5148623)`,
      )
      .run(JSON.stringify([{ requested: 'golang:1.22', used: 'standin/golang:1.22' }]));
    old
      .prepare(
        `INSERT INTO "Layer" ("id", "variantId", "position", "historyId", "createdBy", "sizeBytes", "empty", "compressedSource") VALUES ('l1', 'v1', 0, 'sha256:1', 'COPY . .', 5148623, 0, 'engine')`,
      )
      .run();
    old.close();

    const prisma = createDb(file);
    const analysis = await prisma.analysis.findUniqueOrThrow({ where: { id: 'a1' }, include: { repository: true, variants: { include: { layers: true } } } });
    expect(analysis).toMatchObject({ status: 'succeeded', stack: GO_STACK, progress: { phase: 'finished', message: 'Finished' }, notes: null, options: null });
    expect(analysis.repository?.budget).toMatchObject({ minEfficiency: 0.9 });
    expect(analysis.variants).toHaveLength(1);
    expect(analysis.variants[0]).toMatchObject({ builder: 'buildkit', baseImages: [{ requested: 'golang:1.22', used: 'standin/golang:1.22' }], findings: [], sizeBytes: 5148623n });
    expect(analysis.variants[0]!.layers).toMatchObject([{ compressedSource: 'engine', createdBy: 'COPY . .' }]);
    // the copied tables keep their foreign keys: deleting the analysis still takes its variants and layers
    await prisma.analysis.delete({ where: { id: 'a1' } });
    expect(await prisma.layer.count()).toBe(0);
    await prisma.$disconnect();
  });
});

describe('upgrading to private share links', () => {
  it('keeps only links someone made on purpose, locks links an admin revoked, and keys every repository', async () => {
    const before = mkdtempSync(path.join(os.tmpdir(), 'shipshape-migrations-'));
    for (const m of listMigrations().filter((m) => m.name < '20261130120000')) cpSync(path.join(MIGRATIONS_DIR, m.name), path.join(before, m.name), { recursive: true });
    const file = tmpDb();
    applyMigrations(file, before);

    const old = new Database(file);
    const at = (s: string) => `2026-01-0${s}T10:00:00.000+00:00`;
    const analysis = old.prepare(
      `INSERT INTO "Analysis" ("id", "updatedAt", "status", "sourceType", "sourceLabel", "sourceSubdir", "shareToken", "shareRevokedAt", "submittedBy") VALUES (?, ?, 'succeeded', ?, ?, ?, ?, ?, ?)`,
    );
    analysis.run('aaaaaaaaaaaaa1', at('1'), 'git', 'https://github.com/o/r.git', 'svc', 'token-submitted', null, 'max@example.com');
    analysis.run('aaaaaaaaaaaaa2', at('1'), 'git', 'git@GitHub.com:o/r', './svc/', 'token-renewed', null, 'ada@example.com');
    analysis.run('aaaaaaaaaaaaa3', at('1'), 'archive', 'app.tar.gz', null, 'token-admin-revoked', at('4'), 'max@example.com');
    analysis.run('aaaaaaaaaaaaa4', at('1'), 'sample', 'sample:go', null, 'token-member-revoked', at('4'), 'max@example.com');
    const user = old.prepare(`INSERT INTO "user" ("id", "name", "email", "updatedAt", "role") VALUES (?, ?, ?, ?, ?)`);
    user.run('u1', 'Ada', 'ada@example.com', at('1'), 'admin');
    user.run('u2', 'Max', 'max@example.com', at('1'), 'member');
    const event = old.prepare(`INSERT INTO "AuditEvent" ("at", "actor", "action", "target") VALUES (?, ?, ?, ?)`);
    event.run(at('2'), 'max@example.com', 'analysis.submit', 'aaaaaaaaaaaaa1');
    event.run(at('2'), 'max@example.com', 'share.renew', 'aaaaaaaaaaaaa2');
    event.run(at('3'), 'ada@example.com', 'share.renew', 'aaaaaaaaaaaaa2');
    event.run(at('2'), 'max@example.com', 'share.renew', 'aaaaaaaaaaaaa3');
    event.run(at('4'), 'ada@example.com', 'share.revoke', 'aaaaaaaaaaaaa3');
    event.run(at('4'), 'max@example.com', 'share.revoke', 'aaaaaaaaaaaaa4');
    old.close();

    const prisma = createDb(file);
    const rows = await prisma.analysis.findMany({ orderBy: { id: 'asc' } });
    const state = rows.map((r) => ({ sharedAt: r.sharedAt?.toISOString() ?? null, lockedAt: r.shareLockedAt?.toISOString() ?? null, includeLogs: r.shareIncludeLogs }));
    expect(state).toEqual([
      // submitted before: its automatic link is no longer public
      { sharedAt: null, lockedAt: null, includeLogs: false },
      // made on purpose: the link keeps working
      { sharedAt: '2026-01-03T10:00:00.000Z', lockedAt: null, includeLogs: false },
      // shared, then revoked by an admin: dead and locked
      { sharedAt: '2026-01-02T10:00:00.000Z', lockedAt: '2026-01-04T10:00:00.000Z', includeLogs: false },
      // revoked by a member: dead, not locked
      { sharedAt: null, lockedAt: null, includeLogs: false },
    ]);
    // keyed at start by the same code as at submission: one repository written two ways
    expect(rows.map((r) => r.repositoryKey)).toEqual([
      'git:https://github.com/o/r#svc',
      'git:ssh://github.com/o/r#svc',
      'archive:max%40example.com:app.tar.gz',
      'sample:max%40example.com:go',
    ]);
    await prisma.$disconnect();
  });
});

describe('released migrations', () => {
  // A migration that reached users' databases must never change: every database that
  // ran it would refuse to start. released.json holds the checksum of each one.
  for (const dir of [MIGRATIONS_DIR, path.join(process.cwd(), 'prisma', 'postgres', 'migrations')]) {
    it(`are as they were released (${path.relative(process.cwd(), dir)})`, () => {
      const released = JSON.parse(readFileSync(path.join(dir, 'released.json'), 'utf8')) as Record<string, string>;
      for (const migration of listMigrations(dir)) {
        expect(released[migration.name], `${migration.name} is not in released.json: add its checksum when it is written`).toBeDefined();
        expect(migration.checksum, `${migration.name} changed after it was released: restore it and add a new migration`).toBe(released[migration.name]);
      }
    });
  }

  it('a migration that redefines a table keeps the rows that point at it, and one that breaks a foreign key is refused', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-migrations-'));
    const write = (name: string, sql: string) => {
      mkdirSync(path.join(dir, name), { recursive: true });
      writeFileSync(path.join(dir, name, 'migration.sql'), sql);
    };
    write(
      '00000001000000_tables',
      `CREATE TABLE "Parent" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT);\nCREATE TABLE "Child" ("id" TEXT NOT NULL PRIMARY KEY, "parentId" TEXT NOT NULL, CONSTRAINT "Child_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Parent" ("id") ON DELETE CASCADE);\nINSERT INTO "Parent" VALUES ('p1', 'one');\nINSERT INTO "Child" VALUES ('c1', 'p1');\n`,
    );
    const file = tmpDb();
    applyMigrations(file, dir);
    // how SQLite changes a column: a new table, the rows copied, the old one dropped
    write(
      '00000002000000_redefine',
      `CREATE TABLE "new_Parent" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL DEFAULT '');\nINSERT INTO "new_Parent" SELECT "id", coalesce("name", '') FROM "Parent";\nDROP TABLE "Parent";\nALTER TABLE "new_Parent" RENAME TO "Parent";\n`,
    );
    expect(applyMigrations(file, dir)).toEqual(['00000002000000_redefine']);
    const db = new Database(file, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM "Child"').get() as { n: number }).n).toBe(1);
    db.close();
    write('00000003000000_orphan', `INSERT INTO "Child" VALUES ('c2', 'nowhere');\n`);
    expect(() => applyMigrations(file, dir)).toThrow(/leaves 1 row\(s\) whose foreign key points nowhere/);
  });
});
