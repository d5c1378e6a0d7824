import { cpSync, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { getSettings } from '@/lib/env';
import { checkGitUrl } from '@/lib/sources/git-url';
import { cloneGit, SourceFetchError, type FetchOptions } from '@/lib/sources/clone-git';
import { extractArchive } from '@/lib/sources/extract-archive';
import { sampleDir } from '@/lib/sources/samples';
import type { SourceSpec } from '@/lib/sources/source-input';

export type { FetchOptions, FetchProgress } from '@/lib/sources/clone-git';

/** An archive of one top folder (as GitHub's downloads are) is read from inside that folder. */
function unwrapSingleFolder(dir: string): string {
  const entries = readdirSync(dir).filter((name) => name !== '__MACOSX');
  const only = entries[0];
  if (entries.length === 1 && only && statSync(path.join(dir, only)).isDirectory()) return path.join(dir, only);
  return dir;
}

/**
 * Fetches the source into `dest` and returns the folder to analyse (after `subdir`).
 * Nothing is written outside `dest`; on failure, what was written stays there for the
 * caller to remove with the work dir. `options.signal` cancels the fetch.
 */
export async function fetchSource(spec: Exclude<SourceSpec, { type: 'upload' | 'image' | 'image-upload' }>, dest: string, options: FetchOptions = {}): Promise<string> {
  let root: string;
  switch (spec.type) {
    case 'git':
      await cloneGit(checkGitUrl(spec.url, getSettings().allowLocalSources), dest, spec.ref, options);
      root = dest;
      break;
    case 'sample':
      cpSync(sampleDir(spec.name), dest, { recursive: true });
      root = dest;
      break;
    case 'archive':
      await extractArchive(spec.file, spec.filename, dest, options);
      root = unwrapSingleFolder(dest);
      break;
  }
  if (!spec.subdir) return root;
  const sub = path.resolve(root, spec.subdir);
  const escapes = !existsSync(sub) || !realpathSync(sub).startsWith(realpathSync(root) + path.sep);
  if (escapes || !statSync(sub).isDirectory()) {
    throw new SourceFetchError(`The folder "${spec.subdir}" does not exist in the repository. Check "subdir".`);
  }
  return sub;
}
