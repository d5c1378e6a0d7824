import type { Dirent } from 'node:fs';
import { lstat, readdir, readlink, realpath } from 'node:fs/promises';
import path from 'node:path';
import { getSettings } from '@/lib/env';
import { SourceFetchError } from '@/lib/sources/errors';

// What a fetched source may take on disk. A clone or an archive can be made to
// expand without end (a pack of zeros, a gzip bomb, a million empty files, a path
// 10,000 folders deep); these caps stop it with a message naming the setting.

export interface TreeLimits {
  maxBytes: number;
  maxFiles: number;
  maxDepth: number;
}

export type Cap = 'bytes' | 'files' | 'folders' | 'depth';

export interface Exceeded {
  cap: Cap;
  /** the path that was too deep (depth only) */
  path?: string;
}

export function treeLimits(): TreeLimits {
  const { maxRepoBytes, maxRepoFiles, maxPathDepth } = getSettings().limits;
  return { maxBytes: maxRepoBytes, maxFiles: maxRepoFiles, maxDepth: maxPathDepth };
}

function megabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1);
}

function shorten(text: string, max = 160): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The user-facing error for a cap; `subject` is "The repository" or "The archive". */
export function limitError(exceeded: Exceeded, limits: TreeLimits, subject: string): SourceFetchError {
  const raise = "Use a smaller repository (or only the service's folder); the operator can raise";
  switch (exceeded.cap) {
    case 'bytes':
      return new SourceFetchError(`${subject} takes more than ${megabytes(limits.maxBytes)} MB, the most this server accepts. ${raise} MAX_REPO_MB.`);
    case 'files':
      return new SourceFetchError(`${subject} holds more than ${limits.maxFiles} files, the most this server accepts. ${raise} MAX_REPO_FILES.`);
    case 'folders':
      return new SourceFetchError(`${subject} holds more than ${limits.maxFiles} folders, the most this server accepts. ${raise} MAX_REPO_FILES.`);
    case 'depth':
      return new SourceFetchError(`${subject} holds a path more than ${limits.maxDepth} levels deep ("${shorten(exceeded.path ?? '')}"). ${raise} MAX_PATH_DEPTH.`);
  }
}

/** Path components of a relative path ("a/b/c" is 3 deep). */
export function depthOf(relative: string): number {
  return relative.split(/[\\/]+/).filter((part) => part !== '' && part !== '.').length;
}

/**
 * Counts entries and bytes as they come (archives: each entry and each written chunk)
 * and says which cap is broken first.
 */
export class Budget {
  private bytes = 0;
  private files = 0;
  private folders = 0;

  constructor(readonly limits: TreeLimits) {}

  entry(relative: string, isFolder: boolean): Exceeded | undefined {
    if (isFolder) this.folders += 1;
    else this.files += 1;
    if (this.files > this.limits.maxFiles) return { cap: 'files' };
    if (this.folders > this.limits.maxFiles) return { cap: 'folders' };
    if (depthOf(relative) > this.limits.maxDepth) return { cap: 'depth', path: relative };
    return undefined;
  }

  addBytes(count: number): Exceeded | undefined {
    this.bytes += count;
    return this.bytes > this.limits.maxBytes ? { cap: 'bytes' } : undefined;
  }

  get entries(): number {
    return this.files + this.folders;
  }
}

interface Pending {
  dir: string;
  relative: string;
  /** false inside .git: its bytes count, its files and depth are git's business */
  counted: boolean;
}

async function entriesOf(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return []; // removed while a clone was running (git's temporary files)
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await lstat(file)).size;
  } catch {
    return 0;
  }
}

/**
 * Walks `root` once without following links and returns the first cap it breaks.
 * Bytes count everything on disk (.git too); files, folders and depth count the
 * working tree only. Stops as soon as a cap is broken.
 */
export async function scanTree(root: string, limits: TreeLimits): Promise<Exceeded | undefined> {
  const budget = new Budget(limits);
  const stack: Pending[] = [{ dir: root, relative: '', counted: true }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    for (const entry of await entriesOf(next.dir)) {
      const full = path.join(next.dir, entry.name);
      const relative = next.relative ? `${next.relative}/${entry.name}` : entry.name;
      const counted = next.counted && !(next.relative === '' && entry.name === '.git');
      const isFolder = entry.isDirectory();
      const exceeded = (counted ? budget.entry(relative, isFolder) : undefined) ?? (isFolder ? undefined : budget.addBytes(await sizeOf(full)));
      if (exceeded) return exceeded;
      if (isFolder) stack.push({ dir: full, relative, counted });
    }
  }
  return undefined;
}

/**
 * Scans `root` about every `intervalMs` while something writes into it and calls
 * `onExceeded` once when a cap is broken. Scans never overlap. Returns a stop function.
 */
export function watchTree(root: string, limits: TreeLimits, onExceeded: (exceeded: Exceeded) => void, intervalMs = 1000): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    const exceeded = await scanTree(root, limits).catch(() => undefined);
    if (stopped) return;
    if (exceeded) {
      stopped = true;
      onExceeded(exceeded);
      return;
    }
    timer = setTimeout(tick, intervalMs);
  };
  timer = setTimeout(tick, intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Where a link leads once every link on the way is followed (or, when it dangles, where its text points). */
async function linkLeadsInside(link: string, realRoot: string): Promise<boolean> {
  try {
    return isInside(realRoot, await realpath(link));
  } catch {
    const text = await readlink(link).catch(() => '/');
    return !path.isAbsolute(text) && isInside(realRoot, path.resolve(await realpath(path.dirname(link)), text));
  }
}

/**
 * The first symbolic link of the working tree (not .git) that leads outside `root`,
 * following chains of links as the file system does. Such a link would let whatever
 * reads the source later (stack detection, the Dockerfile shown to the user) read
 * this server's files, e.g. go.mod -> /proc/self/environ.
 */
export async function findOutsideLink(root: string): Promise<string | undefined> {
  const realRoot = await realpath(root);
  const stack: { dir: string; relative: string }[] = [{ dir: root, relative: '' }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    for (const entry of await entriesOf(next.dir)) {
      if (next.relative === '' && entry.name === '.git') continue;
      const full = path.join(next.dir, entry.name);
      const relative = next.relative ? `${next.relative}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink() && !(await linkLeadsInside(full, realRoot))) return relative;
      if (entry.isDirectory()) stack.push({ dir: full, relative });
    }
  }
  return undefined;
}
