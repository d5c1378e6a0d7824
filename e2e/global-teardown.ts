import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { removeAnalysisImages } from '../tests/helpers/docker-cli';
import { E2E_DATA_DIR } from '../playwright.config';

/** Removes the images the e2e run built (by their analysis label), nothing else. */
export default function globalTeardown() {
  const file = path.join(E2E_DATA_DIR, 'shipshape.db');
  if (!existsSync(file)) return;
  const db = new Database(file, { readonly: true });
  const ids = (db.prepare('SELECT id FROM Analysis').all() as { id: string }[]).map((r) => r.id);
  db.close();
  removeAnalysisImages(ids);
}
