import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { gitRepo } from '../helpers/repos';
import { failure, settings, workDir } from '../helpers/intake-sandbox';

// Hostile git sources through the real intake: URL forms, private and redirected hosts,
// clones past the caps. Real git, real HTTP servers on the loopback interface; no
// Docker engine is needed.

// Names the tests resolve on purpose; everything else goes to the real resolver. git
// itself cannot resolve these names, so a clone of one succeeds only through the pin.
const FAKE_DNS: Record<string, { address: string; family: number }[]> = {
  'pinned.test': [{ address: '127.0.0.1', family: 4 }],
  'internal.test': [{ address: '10.1.2.3', family: 4 }],
  'mixed.test': [
    { address: '93.184.215.14', family: 4 },
    { address: '192.168.1.20', family: 4 },
  ],
  'mapped.test': [{ address: '::ffff:169.254.169.254', family: 6 }],
};
vi.mock('node:dns/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:dns/promises')>();
  const lookup = (async (host: string, options: object) => FAKE_DNS[host] ?? real.lookup(host, options as never)) as typeof real.lookup;
  return { ...real, lookup, default: { ...real, lookup } };
});

settings();
const { fetchSource } = await import('@/lib/sources/fetch-source');
const { cloneGit } = await import('@/lib/sources/clone-git');
const { checkGitUrl } = await import('@/lib/sources/git-url');

// --- servers -------------------------------------------------------------------

interface Hit {
  url: string;
  authorization: string | undefined;
}

interface TestServer {
  port: number;
  hits: Hit[];
}

const servers: http.Server[] = [];
afterAll(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function serve(handler: http.RequestListener): Promise<TestServer> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    hits.push({ url: req.url ?? '', authorization: req.headers.authorization });
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, hits };
}

/** Static files under `root`, as a dumb-HTTP git server is; `delayMs` holds back all but info/refs. */
function staticFiles(root: string, delayMs = 0): http.RequestListener {
  return (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(root, path.normalize(pathname));
    const send = () => {
      if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      createReadStream(file).pipe(res);
    };
    if (delayMs && !pathname.endsWith('/info/refs')) setTimeout(send, delayMs);
    else send();
  };
}

/** git's smart protocol: `git http-backend` run as a CGI program for every request. */
function smartGit(projectRoot: string): http.RequestListener {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        REQUEST_METHOD: req.method,
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
      } as Record<string, string | undefined> as NodeJS.ProcessEnv,
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headersSent = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersSent) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      const status = Number((headers.status ?? '200').split(' ')[0]);
      delete headers.status;
      res.writeHead(status, headers);
      headersSent = true;
      res.write(head.subarray(end + 4));
    });
    cgi.stdout.on('end', () => res.end());
  };
}

/** Static files sent at about `bytesPerSecond`, so that a clone of them takes a while. */
function throttledFiles(root: string, bytesPerSecond: number): http.RequestListener {
  return (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.join(root, path.normalize(pathname));
    if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    const bytes = readFileSync(file);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length });
    const slice = Math.max(1, Math.floor(bytesPerSecond / 20));
    let offset = 0;
    const timer = setInterval(() => {
      if (res.destroyed || offset >= bytes.length) {
        clearInterval(timer);
        return void res.end();
      }
      res.write(bytes.subarray(offset, offset + slice));
      offset += slice;
    }, 50);
  };
}

/** A bare repository (git init --bare, pushed to, update-server-info) in a folder to serve: <root>/repo.git. */
function bareRepo(files: Record<string, string | Buffer>, links: Record<string, string> = {}): string {
  const text = Object.fromEntries(Object.entries(files).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const work = gitRepo({ 'README.md': '# served\n', ...text });
  const binaries = Object.entries(files).filter(([, v]) => Buffer.isBuffer(v));
  if (binaries.length || Object.keys(links).length) {
    for (const [name, content] of binaries) {
      mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
      writeFileSync(path.join(work, name), content);
    }
    for (const [name, target] of Object.entries(links)) symlinkSync(target, path.join(work, name));
    execFileSync('git', ['-C', work, 'add', '-A']);
    execFileSync('git', ['-C', work, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-qm', 'binaries']);
  }
  const root = mkdtempSync(path.join(os.tmpdir(), 'shipshape-served-'));
  const bare = path.join(root, 'repo.git');
  execFileSync('git', ['init', '-q', '--bare', '--initial-branch=main', bare]);
  execFileSync('git', ['-C', work, 'push', '-q', bare, 'main']);
  execFileSync('git', ['--git-dir', bare, 'update-server-info']);
  return root;
}

describe('git URL forms', () => {
  it('refuses transports that run programs, local sources and option injection', () => {
    const refused: [string, RegExp][] = [
      ['ext::sh -c touch% /tmp/pwned', /"ext::" git URLs make git run a helper program/],
      ['fd::17', /"fd::"/],
      ['transport::anything', /"transport::"/],
      ['file:///etc', /ALLOW_LOCAL_SOURCES=1/],
      ['/srv/repos/app', /ALLOW_LOCAL_SOURCES=1/],
      ['git://example.com/repo.git', /^Git URLs must use http or https, not git\.$/],
      ['ssh://-oProxyCommand=touch%20%2Ftmp%2Fx/y', /host in the git URL must not start with "-"/],
      ['ssh://%2DoProxyCommand=x/y', /host in the git URL must not start with "-"/],
      ['ssh://-u@example.com/repo', /user name in the git URL must not start with "-"/],
      ['-u evil@example.com:repo', /must not start with "-"/],
      ['--upload-pack=touch /tmp/x', /must not start with "-"/],
      ['git@-oProxyCommand=x:repo', /host in the git URL must not start with "-"/],
      ['-oProxyCommand=x@example.com:repo', /must not start with "-"/],
      ['git@example.com:-repo', /path in the git URL must not start with "-"/],
      ['https://example.com/-repo/x.git', /path in the git URL must not start with "-"/],
      ['https://example.com/repo.git\n', /spaces or control characters/],
      ['https://example.com/re po.git', /spaces or control characters/],
    ];
    for (const [url, message] of refused) expect(() => checkGitUrl(url, false), url).toThrow(message);
  });

  it('accepts http(s), ssh:// and scp-like URLs', () => {
    expect(checkGitUrl('https://github.com/o/r.git', false)).toBe('https://github.com/o/r.git');
    expect(checkGitUrl('ssh://git@github.com/o/r.git', false)).toBe('ssh://git@github.com/o/r.git');
    expect(checkGitUrl('git@github.com:o/r.git', false)).toBe('git@github.com:o/r.git');
  });

  it('refuses hosts that are not public, by address or by what they resolve to', async () => {
    settings();
    const cases: [string, RegExp][] = [
      ['http://localhost/repo.git', /localhost, a name of this server/],
      ['http://[::1]/repo.git', /::1, a private address \(loopback\)/],
      ['http://169.254.169.254/latest/meta-data', /169\.254\.169\.254, a private address \(link-local/],
      ['http://10.0.0.1/repo.git', /10\.0\.0\.1, a private address \(private network\)/],
      ['http://100.64.0.1/repo.git', /carrier-grade NAT/],
      ['http://0.0.0.0/repo.git', /unspecified/],
      ['http://[::ffff:127.0.0.1]/repo.git', /private address \(loopback\)/],
      ['http://2130706433/repo.git', /127\.0\.0\.1, a private address \(loopback\)/],
      ['http://metadata.google.internal/computeMetadata/v1', /metadata\.google\.internal, a name of this server or of a cloud metadata service/],
      ['http://internal.test/repo.git', /internal\.test, which resolves to a private address \(private network\)/],
      ['http://mixed.test/repo.git', /mixed\.test, which resolves to a private address/],
      ['http://mapped.test/repo.git', /mapped\.test, which resolves to a private address \(link-local/],
      ['ssh://git@127.0.0.1/repo.git', /127\.0\.0\.1, a private address \(loopback\)/],
      ['git@10.0.0.1:repo.git', /10\.0\.0\.1, a private address/],
    ];
    for (const [url, message] of cases) {
      const error = await failure(fetchSource({ type: 'git', url }, workDir().dest));
      expect(error.message, url).toMatch(message);
      expect(error.message, url).toMatch(/the operator can allow it with SOURCE_HOST_ALLOWLIST\.$/);
    }
  });

  it('never contacts a loopback server that is not allowlisted', async () => {
    settings();
    const server = await serve((_req, res) => res.writeHead(404).end());
    const error = await failure(fetchSource({ type: 'git', url: `http://127.0.0.1:${server.port}/repo.git` }, workDir().dest));
    expect(error.message).toBe(
      `The git URL http://127.0.0.1:${server.port}/repo.git points to 127.0.0.1, a private address (loopback). Only public hosts are fetched from; the operator can allow it with SOURCE_HOST_ALLOWLIST.`,
    );
    expect(server.hits).toEqual([]);
  });
});

describe('git over HTTP', () => {
  it('refuses a redirect to loopback, naming the redirect, and never follows it', async () => {
    const target = await serve(staticFiles(bareRepo({})));
    const bouncer = await serve((req, res) => {
      res.writeHead(302, { Location: `http://localhost:${target.port}/repo.git${req.url?.replace(/^\/[^/]+/, '')}` }).end();
    });
    settings({ SOURCE_HOST_ALLOWLIST: '127.0.0.1' });
    const url = `http://x-token:SENTINEL123@127.0.0.1:${bouncer.port}/moved.git`;
    const error = await failure(fetchSource({ type: 'git', url }, workDir().dest));
    expect(error.message).toBe(
      `The redirect from http://127.0.0.1:${bouncer.port}/moved.git to http://localhost:${target.port}/repo.git/info/refs?service=git-upload-pack points to localhost, a name of this server or of a cloud metadata service (a private address). Only public hosts are fetched from; the operator can allow it with SOURCE_HOST_ALLOWLIST.`,
    );
    expect(bouncer.hits).toHaveLength(1);
    expect(target.hits).toEqual([]);
  });

  it('gives up after 5 redirects', async () => {
    const loop = await serve((req, res) => res.writeHead(302, { Location: `/again${req.url}` }).end());
    settings({ SOURCE_HOST_ALLOWLIST: '127.0.0.1' });
    const error = await failure(fetchSource({ type: 'git', url: `http://127.0.0.1:${loop.port}/r.git` }, workDir().dest));
    expect(error.message).toBe(`The git URL http://127.0.0.1:${loop.port}/r.git redirects more than 5 times. Give the repository's final address.`);
    expect(loop.hits).toHaveLength(6);
  });

  it('refuses a redirect to another scheme', async () => {
    const bouncer = await serve((_req, res) => res.writeHead(301, { Location: 'file:///etc/passwd' }).end());
    settings({ SOURCE_HOST_ALLOWLIST: '127.0.0.1' });
    const error = await failure(fetchSource({ type: 'git', url: `http://127.0.0.1:${bouncer.port}/r.git` }, workDir().dest));
    expect(error.message).toMatch(/redirects to file:\/\/\/etc\/passwd; only redirects to http\(s\) are followed/);
  });

  it('clones from an allowlisted dumb-HTTP server, following an allowed redirect; credentials stay on their origin', async () => {
    const repo = await serve(staticFiles(bareRepo({ 'main.go': 'package main\n' })));
    const bouncer = await serve((req, res) => {
      res.writeHead(302, { Location: `http://127.0.0.1:${repo.port}/repo.git${req.url?.replace(/^\/[^/]+/, '')}` }).end();
    });
    settings({ SOURCE_HOST_ALLOWLIST: '127.0.0.0/8' });
    const { dest } = workDir();
    const root = await fetchSource({ type: 'git', url: `http://user:SENTINEL123@127.0.0.1:${bouncer.port}/old.git` }, dest);
    expect(readFileSync(path.join(root, 'main.go'), 'utf8')).toBe('package main\n');
    expect(bouncer.hits[0]!.authorization).toBe(`Basic ${Buffer.from('user:SENTINEL123').toString('base64')}`);
    expect(repo.hits.every((hit) => hit.authorization === undefined)).toBe(true);
    // git asked the final server itself and was never redirected again
    expect(repo.hits.length).toBeGreaterThan(1);
    expect(bouncer.hits).toHaveLength(1);
  });

  it('clones a host name that only the pinned address makes reachable', async () => {
    const repo = await serve(staticFiles(bareRepo({ 'pinned.txt': 'yes\n' })));
    settings({ SOURCE_HOST_ALLOWLIST: 'pinned.test' });
    const { dest } = workDir();
    await cloneGit(`http://pinned.test:${repo.port}/repo.git`, dest, undefined);
    expect(readFileSync(path.join(dest, 'pinned.txt'), 'utf8')).toBe('yes\n');
  });

  it('clones shallow from a smart-HTTP server and reports progress', async () => {
    const root = bareRepo({ 'one.txt': '1\n' });
    execFileSync('git', ['--git-dir', path.join(root, 'repo.git'), 'config', 'http.uploadpack', 'true']);
    const repo = await serve(smartGit(root));
    settings({ SOURCE_HOST_ALLOWLIST: 'pinned.test' });
    const { dest } = workDir();
    const stages = new Set<string>();
    await fetchSource({ type: 'git', url: `http://pinned.test:${repo.port}/repo.git`, ref: 'main' }, dest, { onProgress: (p) => stages.add(p.stage) });
    expect(readFileSync(path.join(dest, 'one.txt'), 'utf8')).toBe('1\n');
    expect(existsSync(path.join(dest, '.git', 'shallow'))).toBe(true);
    expect(stages).toContain('receiving');
  });

  it('stops a clone while it runs once it outgrows MAX_REPO_MB', async () => {
    const slow = await serve(throttledFiles(bareRepo({ 'blob.bin': randomBytes(16 * 1024 * 1024) }), 2 * 1024 * 1024));
    settings({ SOURCE_HOST_ALLOWLIST: '127.0.0.1', MAX_REPO_MB: '2' });
    const started = Date.now();
    const error = await failure(fetchSource({ type: 'git', url: `http://127.0.0.1:${slow.port}/repo.git` }, workDir().dest));
    expect(error.message).toMatch(/^The repository takes more than 2 MB.*MAX_REPO_MB\.$/);
    // the whole download takes 8 s; the watcher stops it after about 1 MB more than the cap
    expect(Date.now() - started).toBeLessThan(5000);
  }, 30_000);

  it('stops a clone after CLONE_TIMEOUT_SECONDS', async () => {
    const slow = await serve(staticFiles(bareRepo({ 'a.txt': 'a\n' }), 60_000));
    settings({ SOURCE_HOST_ALLOWLIST: '127.0.0.1', CLONE_TIMEOUT_SECONDS: '5' });
    const error = await failure(fetchSource({ type: 'git', url: `http://127.0.0.1:${slow.port}/repo.git` }, workDir().dest));
    expect(error.message).toBe(
      `Cloning http://127.0.0.1:${slow.port}/repo.git took longer than 5 seconds and was stopped. Try a smaller repository; the operator can raise CLONE_TIMEOUT_SECONDS.`,
    );
  }, 30_000);

  it('refuses a clone bigger than MAX_REPO_MB, and one with more than MAX_REPO_FILES files', async () => {
    const big = await serve(staticFiles(bareRepo({ 'blob.bin': randomBytes(3 * 1024 * 1024) })));
    settings({ SOURCE_HOST_ALLOWLIST: '127.0.0.1', MAX_REPO_MB: '2' });
    let error = await failure(fetchSource({ type: 'git', url: `http://127.0.0.1:${big.port}/repo.git` }, workDir().dest));
    expect(error.message).toMatch(/^The repository takes more than 2 MB, the most this server accepts\. .*MAX_REPO_MB\.$/);

    const many = await serve(staticFiles(bareRepo(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}.txt`, `${i}\n`])))));
    settings({ SOURCE_HOST_ALLOWLIST: '127.0.0.1', MAX_REPO_FILES: '50' });
    error = await failure(fetchSource({ type: 'git', url: `http://127.0.0.1:${many.port}/repo.git` }, workDir().dest));
    expect(error.message).toMatch(/^The repository holds more than 50 files.*MAX_REPO_FILES\.$/);
  }, 60_000);

  it('refuses a repository with a link that leads outside it', async () => {
    for (const target of ['/etc/passwd', '../../outside']) {
      const repo = await serve(staticFiles(bareRepo({ 'go.mod': 'module m\n' }, { 'secrets.txt': target })));
      settings({ SOURCE_HOST_ALLOWLIST: '127.0.0.1' });
      const error = await failure(fetchSource({ type: 'git', url: `http://127.0.0.1:${repo.port}/repo.git` }, workDir().dest));
      expect(error.message).toBe('The repository holds "secrets.txt", a link that points outside the repository. Such repositories are refused.');
    }
    const fine = await serve(staticFiles(bareRepo({ 'go.mod': 'module m\n' }, { 'mod.link': 'go.mod' })));
    const { dest } = workDir();
    await fetchSource({ type: 'git', url: `http://127.0.0.1:${fine.port}/repo.git` }, dest);
    expect(readFileSync(path.join(dest, 'mod.link'), 'utf8')).toBe('module m\n');
  });

  it('stops a clone when the analysis is canceled', async () => {
    const slow = await serve(staticFiles(bareRepo({ 'a.txt': 'a\n' }), 30_000));
    settings({ SOURCE_HOST_ALLOWLIST: '127.0.0.1' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1000);
    const started = Date.now();
    const error = await failure(fetchSource({ type: 'git', url: `http://127.0.0.1:${slow.port}/repo.git` }, workDir().dest, { signal: controller.signal }));
    expect(error.message).toBe(`The analysis was canceled while http://127.0.0.1:${slow.port}/repo.git was being cloned.`);
    expect(Date.now() - started).toBeLessThan(10_000);
    // no git process of that clone is left running (git-remote-http, index-pack, …)
    await new Promise((resolve) => setTimeout(resolve, 500));
    const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(`127.0.0.1:${slow.port}`));
    expect(left).toEqual([]);
  }, 30_000);

  it('keeps credentials out of every message', async () => {
    const missing = await serve((_req, res) => res.writeHead(404).end('no such repository'));
    settings({ SOURCE_HOST_ALLOWLIST: '127.0.0.1' });
    const messages = [
      (await failure(fetchSource({ type: 'git', url: `https://user:SENTINEL123@10.0.0.1/o/r.git` }, workDir().dest))).message,
      (await failure(fetchSource({ type: 'git', url: `http://user:SENTINEL123@127.0.0.1:${missing.port}/o/r.git` }, workDir().dest))).message,
      (await failure(fetchSource({ type: 'git', url: `http://SENTINEL123@127.0.0.1:${missing.port}/o/r.git` }, workDir().dest))).message,
      (await failure(fetchSource({ type: 'git', url: `https://user:SENTINEL123@no-such-host.invalid/o/r.git` }, workDir().dest))).message,
    ];
    expect(messages[1]).toBe(
      `Could not clone http://127.0.0.1:${missing.port}/o/r.git: the repository was not found, or it needs credentials. Check the URL; for a private repository include a token in the URL.`,
    );
    for (const message of messages) expect(message).not.toContain('SENTINEL123');
  });
});
