import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startHeadersMirror } from '../helpers/node-headers-mirror';

// Shipshape's own image, built from the Dockerfile as an operator builds it (the
// mirrored Node image passed as NODE_IMAGE, the way BASE_IMAGE_MAP maps it), then
// started with docker-compose: it serves its health check, runs as uid 1001 with no
// compilers and no Prisma CLI, and its admin tool works through `exec`.

const IMAGE = 'shipshape:selftest';
const PROJECT = 'shipshape-selftest';
const PORT = 3198;

function nodeImage(): string {
  const file = process.env.BASE_IMAGE_MAP;
  if (!file) return 'node:22-slim';
  return (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)['node:22-slim'] ?? 'node:22-slim';
}

const env = {
  ...process.env,
  PATH: `/usr/bin:${process.env.PATH}`,
  DOCKER_BUILDKIT: '1',
  SHIPSHAPE_IMAGE: IMAGE,
  SHIPSHAPE_PORT: String(PORT),
  NODE_IMAGE: nodeImage(),
  DOCKER_GID: String(statSync('/var/run/docker.sock').gid),
};
const run = (command: string, ...args: string[]) => execFileSync(command, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const compose = (...args: string[]) => run('docker-compose', '-p', PROJECT, ...args);
const exec = (...args: string[]) => compose('exec', '-T', 'shipshape', ...args);

afterAll(() => {
  try {
    compose('down', '-v', '--remove-orphans');
  } finally {
    execFileSync('/usr/bin/docker', ['image', 'rm', '-f', IMAGE], { stdio: 'ignore' });
  }
});

describe('self-hosting', () => {
  it(
    'the image builds from the mirrored base, and `docker-compose up` serves a working instance',
    async () => {
      const nodeVersion = run('/usr/bin/docker', 'run', '--rm', env.NODE_IMAGE, 'node', '-v');
      const mirror = await startHeadersMirror(nodeVersion);
      try {
        // not execFileSync: the mirror answers from this process while the build runs
        await promisify(execFile)('/usr/bin/docker', ['build', '--build-arg', `NODE_IMAGE=${env.NODE_IMAGE}`, '--build-arg', `NODEJS_ORG_MIRROR=${mirror.url}`, '-t', IMAGE, '.'], {
          env,
          maxBuffer: 64 * 1024 * 1024,
        });
      } finally {
        mirror.close();
      }
      const size = Number(run('/usr/bin/docker', 'image', 'inspect', '--format', '{{.Size}}', IMAGE));
      console.log(`shipshape image: ${size} bytes on ${env.NODE_IMAGE}`);

      compose('up', '-d', '--no-build');
      let health: Response | undefined;
      for (let i = 0; i < 120 && !health?.ok; i++) {
        health = await fetch(`http://127.0.0.1:${PORT}/api/health`, { signal: AbortSignal.timeout(3000) }).catch(() => undefined);
        if (!health?.ok) await new Promise((r) => setTimeout(r, 1000));
      }
      expect(health?.status, compose('logs', '--tail', '50')).toBe(200);
      expect(((await health!.json()) as { engine: { reachable: boolean } }).engine.reachable).toBe(true);

      // non-root, nothing to build with, no Prisma CLI
      expect(exec('id', '-u')).toBe('1001');
      expect(exec('sh', '-c', 'command -v gcc g++ make cc || true')).toBe('');
      expect(exec('sh', '-c', 'ls node_modules/.bin/prisma node_modules/prisma 2>/dev/null || true')).toBe('');

      // everything but health, share pages and badges needs sign-in; operators set up headless
      expect((await fetch(`http://127.0.0.1:${PORT}/api/analyses`)).status).toBe(401);
      expect(exec('npm', 'run', '--silent', 'admin', '--', 'create-user', '--email', 'ops@example.com', '--password', 'a long enough password', '--role', 'admin')).toBe(
        'created ops@example.com (admin)',
      );
      const token = exec('npm', 'run', '--silent', 'admin', '--', 'create-token', '--email', 'ops@example.com');
      const listed = await fetch(`http://127.0.0.1:${PORT}/api/analyses`, { headers: { Authorization: `Bearer ${token}` } });
      expect(listed.status).toBe(200);
    },
    20 * 60_000,
  );
});
