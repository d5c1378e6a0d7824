import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Serves git repositories over "dumb" HTTP (static files after `git update-server-info`),
 * optionally behind Basic authentication, on 127.0.0.1. `repos` maps a name
 * ("app.git") to a local repository folder; `delayMs` holds back each file (a slow server).
 */
export async function startGitHttpServer(repos: Record<string, string>, auth?: { user: string; password: string }, delayMs = 0) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'shipshape-git-http-'));
  for (const [name, source] of Object.entries(repos)) {
    execFileSync('git', ['clone', '-q', '--bare', source, path.join(root, name)]);
    execFileSync('git', ['update-server-info'], { cwd: path.join(root, name) });
  }
  const expected = auth ? `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` : undefined;
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(url.pathname);
    if (expected && request.headers.authorization !== expected) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      return;
    }
    const file = path.join(root, path.normalize(decodeURIComponent(url.pathname)));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    setTimeout(() => {
      response.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      createReadStream(file).pipe(response);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    requests,
    url: (name: string, credentials = '') => `http://${credentials}127.0.0.1:${port}/${name}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
