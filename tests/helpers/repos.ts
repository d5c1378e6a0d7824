import { execFileSync } from 'node:child_process';
import { cpSync, createWriteStream, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import * as tar from 'tar';
import tarStream from 'tar-stream';
import yazl from 'yazl';
import { writeTree } from './write-tree';

export const GO_SAMPLE_DIR = path.join(process.cwd(), 'samples', 'go-hello');

/**
 * A repository of no stack Shipshape knows, with its own Dockerfile: only that is built,
 * in seconds, and its image prints the file it copied: proof that the files came in.
 */
export const OWN_DOCKERFILE_ONLY = {
  Dockerfile: 'FROM alpine:3.21\nCOPY hello.txt /srv/hello.txt\nCMD ["cat", "/srv/hello.txt"]\n',
  'hello.txt': 'hello from the repository\n',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' }).trim();
}

/** A local git repository: `files` on main, and `branchFiles` on branch `feature` if given. */
export function gitRepo(files: Record<string, string>, branchFiles?: Record<string, string>): string {
  const root = writeTree(files);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'first');
  if (branchFiles) {
    git(root, 'checkout', '-qb', 'feature');
    const extra = writeTree(branchFiles);
    cpSync(extra, root, { recursive: true });
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'feature');
    git(root, 'checkout', '-q', 'main');
  }
  return root;
}

/** A .tar.gz of a folder, its content under `prefix/` (as GitHub archives are). */
export async function tarGzOf(dir: string, prefix = 'repo-main'): Promise<string> {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-archive-')), `${prefix}.tar.gz`);
  const staging = mkdtempSync(path.join(os.tmpdir(), 'shipshape-staging-'));
  cpSync(dir, path.join(staging, prefix), { recursive: true });
  await tar.c({ gzip: true, file: out, cwd: staging }, [prefix]);
  return out;
}

/** A .zip of { "path": "content" } entries, written with yazl. */
export async function zipOf(files: Record<string, string>): Promise<string> {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-archive-')), 'repo.zip');
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content), name);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(out));
  return out;
}

/** A .tar.gz written entry by entry, so that hostile entries (../, links out) can be made. */
export async function rawTarGz(entries: ({ name: string; content: string } | { name: string; linkTo: string; hard?: boolean })[]): Promise<string> {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'shipshape-archive-')), 'hostile.tar.gz');
  const pack = tarStream.pack();
  for (const entry of entries) {
    if ('content' in entry) pack.entry({ name: entry.name }, entry.content);
    else pack.entry({ name: entry.name, type: entry.hard ? 'link' : 'symlink', linkname: entry.linkTo });
  }
  pack.finalize();
  await pipeline(pack, createGzip(), createWriteStream(out));
  return out;
}

/** Every file of a folder as { "relative/path": "content" }. */
export function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const full = path.join(dir, name);
    if (statSync(full).isFile()) out[name] = readFileSync(full, 'utf8');
  }
  return out;
}
