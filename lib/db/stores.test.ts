import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// One store per aggregate: every write to an analysis (with its variants, layers, files
// and upload), a repository, or a person (with their tokens and invites) is made by its
// store, and raw SQL lives in lib/db/dialect.ts. This reads the code for writes made
// anywhere else.

const STORES: Record<string, RegExp> = {
  'the analysis store (lib/analyses/store/)': /^lib\/analyses\/store\//,
  'the repository store (lib/repositories/repositories.ts)': /^lib\/repositories\/repositories\.ts$/,
  'the user store (lib/auth/user-store.ts)': /^lib\/auth\/user-store\.ts$/,
};

const AGGREGATES: [RegExp, string][] = [
  [/\.(analysis|variant|layer|fileChange|uploadChunk)\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\(/, 'the analysis store (lib/analyses/store/)'],
  [/\.repository\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\(/, 'the repository store (lib/repositories/repositories.ts)'],
  [/\.(user|account|apiToken|invite)\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\(/, 'the user store (lib/auth/user-store.ts)'],
];

/** Moves a whole instance between databases, table by table: every aggregate at once, on purpose. */
const EXEMPT = new Set(['lib/db/copy-database.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' || entry.name === 'node_modules' ? [] : sources(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

describe('stores', () => {
  const files = ['lib', 'app', 'cli', 'scripts'].flatMap(sources).filter((f) => !EXEMPT.has(f));

  it('are found: the check reads the code it should', () => {
    expect(files).toContain('lib/analyses/store/variants.ts');
    expect(files).toContain('lib/auth/user-store.ts');
    expect(files.length).toBeGreaterThan(100);
  });

  it('hold every write to their aggregate', () => {
    const misplaced: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          for (const [write, store] of AGGREGATES) {
            if (write.test(line) && !STORES[store]!.test(file)) misplaced.push(`${file}:${index + 1} writes what ${store} holds: ${line.trim()}`);
          }
        });
    }
    expect(misplaced).toEqual([]);
  });

  it('leave raw SQL to lib/db/dialect.ts', () => {
    const raw = files.filter((f) => f !== 'lib/db/dialect.ts' && /\$(queryRaw|executeRaw)/.test(readFileSync(f, 'utf8')));
    expect(raw).toEqual([]);
  });
});
