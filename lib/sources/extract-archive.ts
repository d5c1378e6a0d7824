import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import yauzl from 'yauzl';
import { SourceFetchError } from '@/lib/sources/clone-git';

/** Caps on what an uploaded archive may unpack to. */
export const ARCHIVE_LIMITS = { maxBytes: 1024 * 1024 * 1024, maxEntries: 50_000 } as const;

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function tooBig(): SourceFetchError {
  return new SourceFetchError(
    `The archive unpacks to more than ${ARCHIVE_LIMITS.maxBytes / 1024 / 1024} MB or ${ARCHIVE_LIMITS.maxEntries} files. Upload the service's folder only.`,
  );
}

async function extractTarGz(file: string, dest: string): Promise<void> {
  let bytes = 0;
  let entries = 0;
  let rejected: string | undefined;
  await tar.x({
    file,
    cwd: dest,
    strict: true,
    preservePaths: false,
    filter: (entryPath, entry) => {
      const stat = entry as tar.ReadEntry;
      entries += 1;
      bytes += stat.size ?? 0;
      if (entries > ARCHIVE_LIMITS.maxEntries || bytes > ARCHIVE_LIMITS.maxBytes) throw tooBig();
      const target = path.resolve(dest, entryPath);
      if (!inside(dest, target)) rejected = entryPath;
      if ((stat.type === 'SymbolicLink' || stat.type === 'Link') && stat.linkpath) {
        const linkTarget = stat.type === 'Link' ? path.resolve(dest, stat.linkpath) : path.resolve(path.dirname(target), stat.linkpath);
        if (path.isAbsolute(stat.linkpath) || !inside(dest, linkTarget)) rejected = entryPath;
      }
      return rejected === undefined;
    },
  });
  if (rejected) throw new SourceFetchError(`The archive holds "${rejected}", which points outside the archive. Such archives are refused.`);
}

function extractZip(file: string, dest: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (openError, zip) => {
      if (openError || !zip) return reject(new SourceFetchError(`The upload is not a readable .zip file (${openError?.message ?? 'unknown error'}).`));
      let bytes = 0;
      let entries = 0;
      const fail = (error: Error) => {
        zip.close();
        reject(error instanceof SourceFetchError ? error : new SourceFetchError(`The .zip file could not be unpacked: ${error.message}`));
      };
      zip.on('error', fail);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        entries += 1;
        bytes += entry.uncompressedSize;
        if (entries > ARCHIVE_LIMITS.maxEntries || bytes > ARCHIVE_LIMITS.maxBytes) return fail(tooBig());
        const target = path.resolve(dest, entry.fileName);
        if (!inside(dest, target)) return fail(new SourceFetchError(`The archive holds "${entry.fileName}", which points outside the archive.`));
        if (entry.fileName.endsWith('/')) {
          mkdirSync(target, { recursive: true });
          return zip.readEntry();
        }
        mkdirSync(path.dirname(target), { recursive: true });
        // Symlinks in a zip are written as plain files holding the link text: never followed.
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return fail(streamError ?? new Error('unreadable entry'));
          pipeline(stream, createWriteStream(target, { mode: 0o644 })).then(() => zip.readEntry(), fail);
        });
      });
      zip.readEntry();
    });
  });
}

/** Unpacks an uploaded .tar.gz/.tgz or .zip into dest, refusing entries that escape it. */
export async function extractArchive(file: string, filename: string, dest: string): Promise<void> {
  mkdirSync(dest, { recursive: true });
  const lower = filename.toLowerCase();
  try {
    if (lower.endsWith('.zip')) return await extractZip(file, dest);
    if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return await extractTarGz(file, dest);
  } catch (error) {
    if (error instanceof SourceFetchError) throw error;
    throw new SourceFetchError(`The archive could not be unpacked: ${(error as Error).message}. Upload a .tar.gz or .zip of the repository.`);
  }
  throw new SourceFetchError('Only .tar.gz, .tgz and .zip archives are accepted.');
}
