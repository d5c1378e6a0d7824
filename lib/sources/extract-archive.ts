import { createReadStream, createWriteStream, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar';
import yauzl from 'yauzl';
import { SourceFetchError } from '@/lib/sources/errors';
import type { FetchOptions } from '@/lib/sources/clone-git';
import { Budget, findOutsideLink, limitError, treeLimits, type Exceeded, type TreeLimits } from '@/lib/sources/tree-limits';

// An upload is unpacked under MAX_REPO_MB / MAX_REPO_FILES / MAX_PATH_DEPTH, counting
// what is actually decompressed and written, not only what entries declare, and stops
// at the first entry it refuses. Nothing is written outside `dest`: no "..", no
// absolute paths, no link that leads out, nothing written through a link.

const SUBJECT = 'The archive';
// Bytes of tar framing (header, pax header, padding) allowed per entry on top of the content.
const TAR_OVERHEAD_PER_ENTRY = 4096;
const TAR_OVERHEAD_BASE = 256 * 1024;
const TAR_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link']);

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function pointsOutside(name: string, detail = ''): SourceFetchError {
  return new SourceFetchError(`The archive holds "${name}", which points outside the archive${detail}. Such archives are refused.`);
}

function canceled(): SourceFetchError {
  return new SourceFetchError('The analysis was canceled while the archive was being unpacked.');
}

/** An absolute or `..` path is refused outright, even where it would land inside after all. */
function unsafePath(name: string, dest: string): boolean {
  if (path.isAbsolute(name) || /^[a-z]:/i.test(name) || name.split(/[\\/]/).includes('..')) return true;
  return !inside(dest, path.resolve(dest, name));
}

/** The first link of the archive that `name` would be written through, if any. */
function throughLink(name: string, links: Set<string>): string | undefined {
  const parts = name.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i += 1) {
    const prefix = parts.slice(0, i).join('/');
    if (links.has(prefix)) return prefix;
  }
  return undefined;
}

interface TarState {
  dest: string;
  budget: Budget;
  links: Set<string>;
}

/** Why a tar entry is refused, or undefined to unpack it. */
function checkTarEntry(name: string, entry: tar.ReadEntry, state: TarState): SourceFetchError | undefined {
  const { dest, budget, links } = state;
  if (unsafePath(name, dest)) return pointsOutside(name);
  const link = throughLink(name, links);
  if (link) return pointsOutside(name, ` (through the link "${link}")`);
  if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
    const target = entry.linkpath ?? '';
    const resolved = entry.type === 'Link' ? path.resolve(dest, target) : path.resolve(path.dirname(path.resolve(dest, name)), target);
    const badHardLink = entry.type === 'Link' && target.split(/[\\/]/).includes('..');
    if (!target || path.isAbsolute(target) || badHardLink || !inside(dest, resolved)) return pointsOutside(name);
    links.add(name.replace(/\/+$/, ''));
  }
  const exceeded = budget.entry(name, entry.type === 'Directory') ?? (entry.type === 'Directory' ? undefined : budget.addBytes(entry.size ?? 0));
  return exceeded ? limitError(exceeded, budget.limits, SUBJECT) : undefined;
}

/** Counts decompressed bytes; a gzip stream is refused once it outgrows its entries plus framing. */
function decompressedCounter(state: TarState, refuse: (error: SourceFetchError) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      const bound = state.budget.limits.maxBytes + TAR_OVERHEAD_BASE + (state.budget.entries + 1) * TAR_OVERHEAD_PER_ENTRY;
      if (total > bound) {
        const error = limitError({ cap: 'bytes' }, state.budget.limits, SUBJECT);
        refuse(error);
        return callback(error);
      }
      callback(null, chunk);
    },
  });
}

function progressReader(file: string, onProgress: FetchOptions['onProgress']): Readable {
  const input = createReadStream(file);
  if (!onProgress) return input;
  const size = Math.max(1, statSync(file).size);
  let read = 0;
  let reported = -1;
  input.on('data', (chunk: Buffer | string) => {
    read += chunk.length;
    const percent = Math.floor((read / size) * 100);
    if (percent !== reported) {
      reported = percent;
      onProgress({ stage: 'unpacking', percent });
    }
  });
  return input;
}

async function extractTarGz(file: string, dest: string, limits: TreeLimits, options: FetchOptions): Promise<void> {
  const state: TarState = { dest, budget: new Budget(limits), links: new Set() };
  let refusal: SourceFetchError | undefined;
  const counter = decompressedCounter(state, (error) => (refusal ??= error));
  const refuse = (error: SourceFetchError) => {
    refusal ??= error;
    counter.destroy(error); // stops the whole pipeline at the first refusal
  };
  const unpack = tar.x({
    cwd: dest,
    strict: true,
    preservePaths: false,
    preserveOwner: false,
    filter: (name, entry) => {
      const stat = entry as tar.ReadEntry;
      if (refusal) return false;
      if (!TAR_TYPES.has(stat.type)) return false; // devices and fifos are skipped
      const problem = checkTarEntry(name, stat, state);
      if (problem) refuse(problem);
      return !problem;
    },
  });
  try {
    await pipeline(progressReader(file, options.onProgress), createGunzip(), counter, unpack, ...(options.signal ? [{ signal: options.signal }] : []));
  } catch (error) {
    if (refusal) throw refusal;
    if (options.signal?.aborted) throw canceled();
    // node-tar refuses to create anything whose path or link target passes through a link
    const { code, entry } = error as { code?: string; entry?: { path?: string } };
    if (code === 'TAR_SYMLINK_ERROR') throw pointsOutside(entry?.path ?? 'a link');
    throw error;
  }
  if (refusal) throw refusal;
  // Each link was checked as it came, but a chain of links inside the archive can still lead out.
  const link = await findOutsideLink(dest);
  if (link) throw pointsOutside(link);
}

/** Copies one zip entry, counting the bytes written against the caps. */
function zipEntryCounter(budget: Budget, onExceeded: (exceeded: Exceeded) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const exceeded = budget.addBytes(chunk.length);
      if (exceeded) {
        onExceeded(exceeded);
        return callback(limitError(exceeded, budget.limits, SUBJECT));
      }
      callback(null, chunk);
    },
  });
}

/** yauzl refuses ../ and absolute names itself; its words are turned into ours. */
function zipError(error: Error): SourceFetchError {
  const name = /(?:invalid relative path|absolute path): (.*)$/.exec(error.message)?.[1];
  if (name) return pointsOutside(name);
  return new SourceFetchError(`The .zip file could not be unpacked: ${error.message}`);
}

/** yauzl stops an entry that inflates to more (or less) than it declares. */
function sizeLie(error: Error, name: string): Error {
  if (/too many bytes in the stream|not enough bytes in the stream/.test(error.message)) {
    return new SourceFetchError(`The archive holds "${name}", which is not the size it declares. Such archives are refused.`);
  }
  return error;
}

function extractZip(file: string, dest: string, limits: TreeLimits, options: FetchOptions): Promise<void> {
  const budget = new Budget(limits);
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (openError, zip) => {
      if (openError || !zip) return reject(new SourceFetchError(`The upload is not a readable .zip file (${openError?.message ?? 'unknown error'}).`));
      let finished = false;
      let current: Readable | undefined;
      let done = 0;
      let declared = 0;
      const finish = (error?: Error) => {
        if (finished) return;
        finished = true;
        options.signal?.removeEventListener('abort', onAbort);
        current?.destroy();
        zip.close();
        if (error) reject(error instanceof SourceFetchError ? error : zipError(error));
        else resolve();
      };
      const onAbort = () => finish(canceled());
      if (options.signal?.aborted) return finish(canceled());
      options.signal?.addEventListener('abort', onAbort);
      const next = () => {
        done += 1;
        options.onProgress?.({ stage: 'unpacking', percent: Math.floor((done / Math.max(1, zip.entryCount)) * 100) });
        if (!finished) zip.readEntry();
      };
      zip.on('error', (error: Error) => finish(error));
      zip.on('end', () => finish());
      zip.on('entry', (entry: yauzl.Entry) => {
        if (finished) return;
        const isFolder = entry.fileName.endsWith('/');
        const target = path.resolve(dest, entry.fileName);
        if (unsafePath(entry.fileName, dest)) return finish(pointsOutside(entry.fileName));
        const exceeded = budget.entry(entry.fileName, isFolder);
        if (exceeded) return finish(limitError(exceeded, limits, SUBJECT));
        // Declared sizes over the cap are refused before a byte is inflated; the written
        // bytes are counted as well, in case an entry lies about its size.
        declared += isFolder ? 0 : entry.uncompressedSize;
        if (declared > limits.maxBytes) return finish(limitError({ cap: 'bytes' }, limits, SUBJECT));
        if (isFolder) {
          mkdirSync(target, { recursive: true });
          return next();
        }
        mkdirSync(path.dirname(target), { recursive: true });
        // Symlinks in a zip are written as plain files holding the link text: never followed.
        zip.openReadStream(entry, (streamError, stream) => {
          if (finished) return stream?.destroy();
          if (streamError || !stream) return finish(streamError ?? new Error('unreadable entry'));
          current = stream;
          const counter = zipEntryCounter(budget, (over) => finish(limitError(over, limits, SUBJECT)));
          pipeline(stream, counter, createWriteStream(target, { mode: 0o644 })).then(next, (error: Error) => finish(sizeLie(error, entry.fileName)));
        });
      });
      zip.readEntry();
    });
  });
}

/**
 * Unpacks an uploaded .tar.gz/.tgz or .zip into dest under the repository caps,
 * refusing entries that escape it and stopping at the first refusal.
 */
export async function extractArchive(file: string, filename: string, dest: string, options: FetchOptions = {}): Promise<void> {
  mkdirSync(dest, { recursive: true });
  const lower = filename.toLowerCase();
  const limits = treeLimits();
  try {
    if (lower.endsWith('.zip')) return await extractZip(file, dest, limits, options);
    if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return await extractTarGz(file, dest, limits, options);
  } catch (error) {
    if (error instanceof SourceFetchError) throw error;
    throw new SourceFetchError(`The archive could not be unpacked: ${(error as Error).message}. Upload a .tar.gz or .zip of the repository.`);
  }
  throw new SourceFetchError('Only .tar.gz, .tgz and .zip archives are accepted.');
}
