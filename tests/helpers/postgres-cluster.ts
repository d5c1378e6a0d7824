import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

// A throwaway PostgreSQL cluster for the tests: Debian's server binaries, a data folder
// under /tmp, trust authentication on the loopback address only, one port. Never the
// system-wide cluster. Started once (by the vitest project's global setup, or by the
// end-to-end server's command) and stopped by the matching teardown.
//
//   npx tsx tests/helpers/postgres-cluster.ts start [database]   prints the database URL
//   npx tsx tests/helpers/postgres-cluster.ts stop

export const TEST_POSTGRES_PORT = Number(process.env.SHIPSHAPE_TEST_POSTGRES_PORT ?? 55433);
const DATA = `/tmp/shipshape-test-pg-${TEST_POSTGRES_PORT}`;
export const TEST_POSTGRES_URL = `postgresql://postgres@127.0.0.1:${TEST_POSTGRES_PORT}`;

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  if (!versions.length) throw new Error('PostgreSQL server binaries were not found under /usr/lib/postgresql: apt-get install postgresql');
  versions.sort((a, b) => Number(b) - Number(a));
  return path.join(root, versions[0]!, 'bin');
}

/** Runs a PostgreSQL program as the postgres user (the server refuses to run as root). */
function asPostgres(program: string, args: string[]): string {
  const file = path.join(binDir(), program);
  const root = process.getuid?.() === 0;
  return execFileSync(root ? 'runuser' : file, root ? ['-u', 'postgres', '--', file, ...args] : args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: '/tmp' });
}

function running(): boolean {
  try {
    asPostgres('pg_isready', ['-h', '127.0.0.1', '-p', String(TEST_POSTGRES_PORT), '-q']);
    return true;
  } catch {
    return false;
  }
}

/** Starts the cluster unless it runs already; says whether this call started it. */
export function startTestPostgres(): boolean {
  if (running()) return false;
  if (!existsSync(path.join(DATA, 'PG_VERSION'))) {
    if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', 'mkdir', '-p', DATA]);
    asPostgres('initdb', ['-D', DATA, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  }
  // fsync off: a throwaway cluster for tests, never data anyone keeps
  const options = `-h 127.0.0.1 -p ${TEST_POSTGRES_PORT} -k ${DATA} -c fsync=off -c full_page_writes=off -c max_connections=300`;
  asPostgres('pg_ctl', ['-D', DATA, '-o', options, '-l', path.join(DATA, 'server.log'), '-w', '-t', '60', 'start']);
  return true;
}

export function stopTestPostgres(): void {
  if (existsSync(path.join(DATA, 'postmaster.pid'))) asPostgres('pg_ctl', ['-D', DATA, '-m', 'immediate', '-w', 'stop']);
}

/** Makes an empty database on the test cluster and returns its URL. */
export function freshTestDatabase(name: string): string {
  const safe = name.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  asPostgres('psql', [
    '-h',
    '127.0.0.1',
    '-p',
    String(TEST_POSTGRES_PORT),
    '-U',
    'postgres',
    '-v',
    'ON_ERROR_STOP=1',
    '-q',
    '-c',
    `DROP DATABASE IF EXISTS "${safe}" WITH (FORCE)`,
    '-c',
    `CREATE DATABASE "${safe}"`,
  ]);
  return `${TEST_POSTGRES_URL}/${safe}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const [command, database] = process.argv.slice(2);
  if (command === 'start') {
    startTestPostgres();
    if (database) console.log(freshTestDatabase(database));
  } else if (command === 'stop') stopTestPostgres();
  else {
    console.error('usage: postgres-cluster.ts start [database] | stop');
    process.exit(2);
  }
}
