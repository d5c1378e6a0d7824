import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tarStream from 'tar-stream';
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { rawTarGz } from '../helpers/repos';
import { failure, nothingEscaped, settings, workDir } from '../helpers/intake-sandbox';

// Hostile archives through the real intake: entries that escape, links out, bombs,
// files and folders past the caps. Real files on disk; no Docker engine is needed.

settings();
const { fetchSource } = await import('@/lib/sources/fetch-source');

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
      [
        { name: 'up', linkTo: '../../..' },
        { name: 'up/evil', content: 'x' },
      ],
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
