import path from 'node:path';
import { getSettings } from '@/lib/env';
import { getDb, openDatabase, type Db, type DatabaseSetting } from '@/lib/db';

// Moving an instance: every row of this instance's database (analyses with their
// variants, layers and files; users, sessions, tokens, invites, the audit trail; the
// instance key, so sealed credentials still open) copied into another, empty database,
// usually from the SQLite file to PostgreSQL. Both ends go through Prisma with the same
// models, so every value keeps its type. Run it with the instance stopped.

/** Every model, parents before the rows that point at them; a test checks it against the schema. */
export const COPY_ORDER = [
  { model: 'InstanceKey', key: ['id'] },
  { model: 'User', key: ['id'] },
  { model: 'Session', key: ['id'] },
  { model: 'Account', key: ['id'] },
  { model: 'Verification', key: ['id'] },
  { model: 'ApiToken', key: ['id'] },
  { model: 'Invite', key: ['id'] },
  { model: 'AuditEvent', key: ['id'], serial: true },
  { model: 'Repository', key: ['id'] },
  { model: 'Analysis', key: ['id'] },
  { model: 'Variant', key: ['id'] },
  { model: 'Layer', key: ['id'] },
  { model: 'FileChange', key: ['id'], serial: true },
  { model: 'UploadChunk', key: ['analysisId', 'index'] },
  { model: 'LayerSizeCache', key: ['key'] },
  { model: 'RateLimit', key: ['id'] },
  { model: 'RateLimiterFlexible', key: ['key'] },
] as const;

const BATCH = 500;

type Row = Record<string, unknown>;
interface Delegate {
  findMany(args: object): Promise<Row[]>;
  createMany(args: { data: Row[] }): Promise<{ count: number }>;
  count(): Promise<number>;
  deleteMany(args?: object): Promise<{ count: number }>;
}

const delegate = (db: Db, model: string) => (db as unknown as Record<string, Delegate>)[model[0]!.toLowerCase() + model.slice(1)]!;

/** postgresql://… or file:… as a database setting. */
export function databaseFromUrl(url: string, cwd = process.cwd()): DatabaseSetting {
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgresql', url };
  if (url.startsWith('file:')) return { kind: 'sqlite', file: path.resolve(cwd, url.slice('file:'.length)) };
  throw new Error('--to must be a PostgreSQL URL (postgresql://user:password@host:5432/shipshape) or a SQLite file (file:/path/shipshape.db).');
}

export interface CopyReport {
  rows: Record<string, number>;
}

/** Copies this instance's database into `target`, which must hold no analyses and no users. */
export async function copyDatabase(target: DatabaseSetting, onTable: (model: string, rows: number) => void = () => undefined): Promise<CopyReport> {
  const source = getDb();
  const settings = getSettings();
  if (
    target.kind === settings.database.kind &&
    (target.kind === 'postgresql' ? target.url === (settings.database as { url: string }).url : target.file === settings.databaseFile)
  ) {
    throw new Error('The target is this instance’s own database: name another one with --to.');
  }
  const opened = await openDatabase(target, settings.dataDir);
  const report: CopyReport = { rows: {} };
  try {
    const into = opened.db;
    if ((await into.analysis.count()) > 0 || (await into.user.count()) > 0) {
      throw new Error('The target database already holds analyses or users. Copy into an empty database (create a new one) so that nothing is mixed or lost.');
    }
    // opening the target made an instance key of its own: the instance keeps its key
    await into.instanceKey.deleteMany({});
    for (const { model, key } of COPY_ORDER) {
      const from = delegate(source, model);
      const to = delegate(into, model);
      await to.deleteMany({}); // rows the target made by itself at start (rate-limit counters)
      let copied = 0;
      let last: Row | undefined;
      for (;;) {
        const orderBy = key.map((field) => ({ [field]: 'asc' }));
        const cursor = last ? (key.length === 1 ? { [key[0]]: last[key[0]] } : { [key.join('_')]: Object.fromEntries(key.map((field) => [field, last![field]])) }) : undefined;
        const rows = await from.findMany({ orderBy, take: BATCH, ...(cursor ? { cursor, skip: 1 } : {}) });
        if (!rows.length) break;
        await to.createMany({ data: rows });
        copied += rows.length;
        last = rows[rows.length - 1];
      }
      report.rows[model] = copied;
      onTable(model, copied);
    }
    // PostgreSQL's serial columns continue after the copied ids
    if (target.kind === 'postgresql') {
      for (const { model } of COPY_ORDER.filter((entry) => 'serial' in entry)) {
        await into.$executeRawUnsafe(`SELECT setval(pg_get_serial_sequence('"${model}"', 'id'), COALESCE((SELECT MAX("id") FROM "${model}"), 0) + 1, false)`);
      }
    }
    return report;
  } finally {
    await opened.close();
  }
}
