import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { dockerOn } from '../tests/helpers/docker-cli';
import { E2E_ENGINES } from './engines';

/** Removes the images the e2e run built on each engine (by their analysis label), nothing else. */
export default function globalTeardown() {
  for (const engine of E2E_ENGINES) {
    const file = path.join(engine.dataDir, 'shipshape.db');
    if (!existsSync(file)) continue;
    const db = new Database(file, { readonly: true });
    const ids = (db.prepare('SELECT id FROM Analysis').all() as { id: string }[]).map((r) => r.id);
    db.close();
    for (const id of ids) {
      const images = dockerOn(engine.host, 'image', 'ls', '-aq', '--filter', `label=io.shipshape.analysis=${id}`).split('\n').filter(Boolean);
      if (images.length) dockerOn(engine.host, 'image', 'rm', '-f', ...new Set(images));
    }
  }
}
