import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tarStream from 'tar-stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import yazl from 'yazl';
import { gitRepo, rawTarGz } from '../helpers/repos';
import { useFreshSettings } from '../helpers/test-settings';

// Hostile sources through the real intake: real archives on disk, real git, real HTTP
// servers on the loopback interface. No Docker engine is needed.

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

const BASE_SETTINGS = {
  ALLOW_LOCAL_SOURCES: '0',
  SOURCE_HOST_ALLOWLIST: '',
  MAX_REPO_MB: '5',
  MAX_REPO_FILES: '200',
  MAX_PATH_DEPTH: '12',
  CLONE_TIMEOUT_SECONDS: '60',
};

function settings(extra: Partial<Record<keyof typeof BASE_SETTINGS, string>> = {}): void {
  useFreshSettings({ ...BASE_SETTINGS, ...extra });
}

settings();
const { fetchSource } = await import('@/lib/sources/fetch-source');
const { cloneGit } = await import('@/lib/sources/clone-git');
const { checkGitUrl } = await import('@/lib/sources/git-url');

/** A work dir whose parent is watched: nothing may appear next to `dest`. */
function workDir(): { parent: string; dest: string } {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'shipshape-hostile-'));
  return { parent, dest: path.join(parent, 'src') };
}

function nothingEscaped(parent: string): void {
  expect(readdirSync(parent).filter((name) => name !== 'src')).toEqual([]);
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, 'expected a refusal').toBeInstanceOf(Error);
  return error!;
}

async function unpack(file: string, filename: string) {
  const { parent, dest } = workDir();
  const error = await failure(fetchSource({ type: 'archive', file, filename }, dest));
  nothingEscaped(parent);
  return { error, dest };
}

function treeBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stat = statSync(path.join(dir, name), { throwIfNoEntry: false });
    if (stat?.isFile()) total += stat.size;
  }
  return total;
}

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
      res.write(bytes.subarray(offset, (offset += slice)));
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

// --- archives ------------------------------------------------------------------

/** A zip whose one entry is stored under `name` although yazl refuses to write such names. */
async function zipWithName(name: string, content: string): Promise<string> {
  const placeholder = 'x'.repeat(name.length);
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from('module m\n'), 'go.mod');
  zip.addBuffer(Buffer.from(content), placeholder);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  // the name is stored twice (local header, central directory); same length, so offsets hold
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-archive-')), 'hostile.zip');
  writeFileSync(out, Buffer.from(bytes.toString('latin1').split(placeholder).join(name), 'latin1'));
  return out;
}

/** A zip of one entry that inflates to `actual` bytes but declares `declared` (both headers patched). */
async function lyingZip(actual: number, declared: number): Promise<string> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.alloc(actual), 'zeros.bin', { compress: true });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const local = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  expect(bytes.readUInt32LE(local + 22)).toBe(actual);
  bytes.writeUInt32LE(declared, local + 22);
  bytes.writeUInt32LE(declared, central + 24);
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-archive-')), 'lying.zip');
  writeFileSync(out, bytes);
  return out;
}

/** A .tar.gz of one entry of `size` zero bytes, written as a stream (tiny on disk). */
async function gzipBomb(size: number): Promise<string> {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-archive-')), 'bomb.tar.gz');
  const pack = tarStream.pack();
  const written = pipeline(pack, createGzip({ level: 1 }), createWriteStream(out));
  // streamed into the pack as a Node stream, so that only one chunk is ever in memory
  const zeros = Readable.from(
    (function* () {
      const chunk = Buffer.alloc(1024 * 1024);
      for (let left = size; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
    })(),
  );
  await pipeline(zeros, pack.entry({ name: 'repo/zeros.bin', size }) as unknown as NodeJS.WritableStream);
  pack.finalize();
  await written;
  return out;
}

describe('archives', () => {
  it('refuses a tar entry with ../ and stops there', async () => {
    settings();
    const file = await rawTarGz([
      { name: 'first.txt', content: 'ok' },
      { name: '../evil', content: 'x' },
      { name: 'after.txt', content: 'never written' },
    ]);
    const { error, dest } = await unpack(file, 'evil.tar.gz');
    expect(error.message).toBe('The archive holds "../evil", which points outside the archive. Such archives are refused.');
    expect(existsSync(path.join(dest, 'after.txt'))).toBe(false);
  });

  it('refuses a tar entry with an absolute path', async () => {
    settings();
    const target = path.join(os.tmpdir(), `shipshape-absolute-${Date.now()}`);
    const { error } = await unpack(await rawTarGz([{ name: target, content: 'x' }]), 'abs.tgz');
    expect(error.message).toMatch(/points outside the archive/);
    expect(existsSync(target)).toBe(false);
  });

  it('refuses symlinks and hard links that point outside', async () => {
    settings();
    for (const entries of [
      [{ name: 'passwd', linkTo: '/etc/passwd' }],
      [{ name: 'up', linkTo: '../../..' }, { name: 'up/evil', content: 'x' }],
      [{ name: 'shadow', linkTo: '/etc/passwd', hard: true }],
      [{ name: 'shadow', linkTo: '../outside', hard: true }],
    ]) {
      const { error } = await unpack(await rawTarGz([{ name: 'go.mod', content: 'module m\n' }, ...entries]), 'links.tar.gz');
      expect(error.message).toMatch(/^The archive holds "(passwd|up|shadow)", which points outside the archive/);
    }
  });

  it('refuses an entry written through a link inside the archive (link chains)', async () => {
    settings();
    const { error } = await unpack(
      await rawTarGz([
        { name: 'sub/up', linkTo: '..' },
        { name: 'sub/up/up2', linkTo: '..' },
        { name: 'sub/up/up2/escaped.txt', content: 'x' },
      ]),
      'chain.tar.gz',
    );
    expect(error.message).toBe('The archive holds "sub/up/up2", which points outside the archive (through the link "sub/up"). Such archives are refused.');
  });

  it('refuses a link whose target goes out through another link of the archive', async () => {
    settings();
    // lexically x stays inside (dest/sub/up); on disk sub/up is dest itself, so x is dest/../..
    const { error } = await unpack(
      await rawTarGz([
        { name: 'sub/keep.txt', content: 'k' },
        { name: 'sub/up', linkTo: '..' },
        { name: 'x', linkTo: 'sub/up/sub/up/../..' },
      ]),
      'chain.tar.gz',
    );
    expect(error.message).toBe('The archive holds "x", which points outside the archive. Such archives are refused.');
  });

  it('refuses a zip entry with ../', async () => {
    settings();
    const { error } = await unpack(await zipWithName('../evil.txt', 'x'), 'evil.zip');
    expect(error.message).toBe('The archive holds "../evil.txt", which points outside the archive. Such archives are refused.');
  });

  it('stops a gzip bomb at MAX_REPO_MB', async () => {
    settings({ MAX_REPO_MB: '5' });
    const file = await gzipBomb(300 * 1024 * 1024);
    expect(statSync(file).size).toBeLessThan(5 * 1024 * 1024);
    const started = Date.now();
    const { error, dest } = await unpack(file, 'bomb.tar.gz');
    expect(error.message).toMatch(/^The archive takes more than 5 MB, .* MAX_REPO_MB\.$/);
    expect(treeBytes(dest)).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(5000);
  }, 60_000);

  it('does not inflate a gzip stream without end after the tar archive ends', async () => {
    settings({ MAX_REPO_MB: '5' });
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-archive-')), 'trailing.tar.gz');
    const small = readFileSync(await rawTarGz([{ name: 'repo/go.mod', content: 'module m\n' }]));
    const tarBytes = (await import('node:zlib')).gunzipSync(small);
    const body = Readable.from(
      (function* () {
        yield tarBytes;
        const zeros = Buffer.alloc(1024 * 1024);
        for (let i = 0; i < 300; i += 1) yield zeros;
      })(),
    );
    await pipeline(body, createGzip({ level: 1 }), createWriteStream(out));
    const started = Date.now();
    const { error } = await unpack(out, 'trailing.tar.gz');
    expect(error.message).toMatch(/^The archive takes more than 5 MB.*MAX_REPO_MB\.$/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('counts what a zip entry inflates to, not what it declares', async () => {
    settings({ MAX_REPO_MB: '5' });
    const { error, dest } = await unpack(await lyingZip(20 * 1024 * 1024, 1000), 'lying.zip');
    expect(error.message).toMatch(/"zeros\.bin", which is not the size it declares|MAX_REPO_MB/);
    expect(treeBytes(dest)).toBeLessThanOrEqual(5 * 1024 * 1024);
  });

  it('refuses a zip whose declared sizes add up to more than MAX_REPO_MB before inflating', async () => {
    settings({ MAX_REPO_MB: '1' });
    const zip = new yazl.ZipFile();
    for (let i = 0; i < 3; i += 1) zip.addBuffer(Buffer.alloc(600 * 1024), `part-${i}.bin`);
    zip.end();
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-archive-')), 'parts.zip');
    await pipeline(zip.outputStream, createWriteStream(file));
    const { error, dest } = await unpack(file, 'parts.zip');
    expect(error.message).toMatch(/takes more than 1 MB.*MAX_REPO_MB/);
    expect(existsSync(path.join(dest, 'part-1.bin'))).toBe(false);
  });

  it('refuses too many files (MAX_REPO_FILES)', async () => {
    settings({ MAX_REPO_FILES: '200' });
    const entries = Array.from({ length: 250 }, (_, i) => ({ name: `repo/f${i}.txt`, content: 'x' }));
    const { error, dest } = await unpack(await rawTarGz(entries), 'many.tar.gz');
    expect(error.message).toBe(
      "The archive holds more than 200 files, the most this server accepts. Use a smaller repository (or only the service's folder); the operator can raise MAX_REPO_FILES.",
    );
    expect(existsSync(path.join(dest, 'repo', 'f249.txt'))).toBe(false);
  });

  it('refuses paths deeper than MAX_PATH_DEPTH, in tar and zip', async () => {
    settings({ MAX_PATH_DEPTH: '12' });
    const deep = `${Array.from({ length: 15 }, (_, i) => `d${i}`).join('/')}/file.txt`;
    const tarResult = await unpack(await rawTarGz([{ name: deep, content: 'x' }]), 'deep.tar.gz');
    expect(tarResult.error.message).toMatch(/^The archive holds a path more than 12 levels deep \("d0\/d1\/.*"\)\. .*MAX_PATH_DEPTH\.$/);
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from('x'), deep);
    zip.end();
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-archive-')), 'deep.zip');
    await pipeline(zip.outputStream, createWriteStream(file));
    expect((await unpack(file, 'deep.zip')).error.message).toMatch(/MAX_PATH_DEPTH/);
  });

  it('unpacks an ordinary archive within the caps', async () => {
    settings();
    const { dest } = workDir();
    const file = await rawTarGz([
      { name: 'repo/go.mod', content: 'module m\n' },
      { name: 'repo/link', linkTo: 'go.mod' },
    ]);
    const progress: number[] = [];
    const root = await fetchSource({ type: 'archive', file, filename: 'ok.tar.gz' }, dest, { onProgress: (p) => progress.push(p.percent) });
    expect(readFileSync(path.join(root, 'link'), 'utf8')).toBe('module m\n');
    expect(progress.at(-1)).toBe(100);

    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from('module m\n'), 'repo-main/go.mod');
    zip.addEmptyDirectory('repo-main/empty');
    zip.end();
    const zipFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-archive-')), 'ok.zip');
    await pipeline(zip.outputStream, createWriteStream(zipFile));
    const zipRoot = await fetchSource({ type: 'archive', file: zipFile, filename: 'ok.zip' }, workDir().dest);
    expect(readFileSync(path.join(zipRoot, 'go.mod'), 'utf8')).toBe('module m\n');
  });
});

// --- git URLs --------------------------------------------------------------------

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
    const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes(`127.0.0.1:${slow.port}`));
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
