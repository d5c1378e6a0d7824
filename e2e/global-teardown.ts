import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { removeAnalysisImagesOn } from '../tests/helpers/docker-cli';
import { stopTestPostgres, TEST_POSTGRES_URL } from '../tests/helpers/postgres-cluster';
import { E2E_ENGINES, type E2eEngine } from './engines';

async function analysisIds(engine: E2eEngine): Promise<string[]> {
  if (engine.database) {
    const client = new pg.Client({ connectionString: `${TEST_POSTGRES_URL}/${engine.database.name}` });
    try {
      await client.connect();
      return (await client.query<{ id: string }>('SELECT id FROM "Analysis"')).rows.map((r) => r.id);
    } catch {
      return []; // the server never started
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const file = path.join(engine.dataDir, 'shipshape.db');
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT id FROM Analysis').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

/** Removes the images the e2e run built on each engine (by their analysis label), nothing else; stops the test PostgreSQL. */
export default async function globalTeardown() {
  for (const engine of E2E_ENGINES) removeAnalysisImagesOn([engine.host], await analysisIds(engine));
  if (E2E_ENGINES.some((engine) => engine.database)) stopTestPostgres();
}
