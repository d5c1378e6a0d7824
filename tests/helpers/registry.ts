import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// A real registry on loopback: Debian's docker-registry (the distribution project's),
// optionally behind basic auth (htpasswd, bcrypt).

const REGISTRY = process.env.REGISTRY_BIN ?? '/usr/bin/docker-registry';

/** The test user's password, and its bcrypt hash as htpasswd keeps it. */
export const REGISTRY_USER = { username: 'ci-puller', password: 's3cret-pw' };
const HASH = '$2b$10$bF/YvbSIQClW0uns4xXG5egtU40l.QEqid9qgiBdg/bBR.Vu7vQ9.';

export interface TestRegistry {
  /** host:port, e.g. 127.0.0.1:40123 */
  host: string;
  /** a folder for the CLI's config (docker login writes there, not into the user's ~/.docker) */
  cliConfig: string;
  stop: () => void;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startRegistry(options: { auth?: boolean } = {}): Promise<TestRegistry> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-registry-'));
  const auth = options.auth ? `auth:\n  htpasswd:\n    realm: shipshape-test\n    path: ${dir}/htpasswd\n` : '';
  if (options.auth) writeFileSync(path.join(dir, 'htpasswd'), `${REGISTRY_USER.username}:${HASH}\n`);
  writeFileSync(
    path.join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n${auth}`,
  );
  const registry: ChildProcess = spawn(REGISTRY, ['serve', path.join(dir, 'config.yml')], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    // 401 is an answer too: the registry is up and asks for credentials
    const status = await fetch(`http://127.0.0.1:${port}/v2/`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200 || status === 401) return { host: `127.0.0.1:${port}`, cliConfig: path.join(dir, 'cli'), stop: () => registry.kill() };
    await sleep(200);
  }
  registry.kill();
  throw new Error(`${REGISTRY} did not come up on 127.0.0.1:${port} (install Debian's docker-registry package)`);
}
