// prisma/schema.prisma is the one schema (SQLite, the embedded default); the
// PostgreSQL client is generated from the same models with only the provider and the
// client's folder changed. Run by `npm install` (postinstall) before `prisma generate`.
import { readFileSync, writeFileSync } from 'node:fs';

const source = readFileSync('prisma/schema.prisma', 'utf8');
const derived = source
  .replace(/provider = "sqlite"/, 'provider = "postgresql"')
  .replace('output       = "../lib/generated/prisma"', 'output       = "../../lib/generated/prisma-pg"');
if (derived === source || !derived.includes('prisma-pg')) throw new Error('prisma/schema.prisma no longer has the lines this script rewrites; update scripts/postgres-schema.mjs');
writeFileSync('prisma/postgres/schema.prisma', `// Derived from prisma/schema.prisma by scripts/postgres-schema.mjs: edit that one.\n${derived}`);
