import path from 'node:path';
import { repositoryOf } from '@/lib/sources/image-ref';

// Which repository an analysis is of, as a key that two different repositories never
// share: the "latest" badge picks the newest shared analysis with the same key. Git
// sources are keyed on their URL normalised (so the same repository written two ways
// matches) plus the subdir; uploads and samples carry no identity of their own, so their
// key includes who submitted them and two people's app.tar.gz never match.

export type RepositorySource =
  | { type: 'git'; url: string; subdir?: string | null }
  | { type: 'archive'; filename: string; subdir?: string | null }
  | { type: 'sample'; name: string; subdir?: string | null }
  /** an upload its uploader named (form field or CLI flag): the team's, whoever uploads it */
  | { type: 'named'; name: string; subdir?: string | null }
  /** an image in a registry: every tag of its repository is one history */
  | { type: 'image'; ref: string; subdir?: null };

const SCHEME_URL = /^([a-z][a-z0-9+.-]*):\/\//i;
// user@host:path, as git reads it (no "/" before the ":")
const SCP_LIKE = /^[^@/:]+@(\[[0-9a-f:.]+\]|[^@/:[\]]+):(.*)$/i;
const DEFAULT_PORTS: Record<string, string> = { 'ssh:': '22', 'git:': '9418' };

/** A repository path without trailing slashes and without a final `.git`. */
function trimRepositoryPath(pathname: string): string {
  return pathname
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .replace(/\/+$/, '');
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * A git URL as one key per repository: no user name, password, query or fragment, the
 * host lower-case, a default port, trailing slashes and `.git` dropped, the scheme kept.
 * The scp-like `git@host:path` is the same repository as `ssh://git@host/path`.
 */
export function normaliseGitUrl(url: string): string {
  const text = url.trim();
  if (text.startsWith('/')) return `file://${trimRepositoryPath(path.posix.normalize(text))}`;
  if (SCHEME_URL.test(text)) {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      return text.replace(/\/\/[^/@\s]*@/, '//');
    }
    const scheme = parsed.protocol.toLowerCase();
    const port = parsed.port && parsed.port !== DEFAULT_PORTS[scheme] ? `:${parsed.port}` : '';
    const pathname = scheme === 'file:' ? path.posix.normalize(safeDecode(parsed.pathname)) : parsed.pathname;
    return `${scheme}//${parsed.hostname.toLowerCase()}${port}${trimRepositoryPath(pathname)}`;
  }
  const scp = SCP_LIKE.exec(text);
  if (scp) {
    const [, host = '', repoPath = ''] = scp;
    return `ssh://${host.toLowerCase()}${trimRepositoryPath(repoPath.startsWith('/') ? repoPath : `/${repoPath}`)}`;
  }
  return text;
}

/** `svc`, `./svc/` and `/svc` are the same folder; empty is none. */
export function normaliseSubdir(subdir: string | null | undefined): string {
  return (subdir ?? '')
    .split('/')
    .filter((part) => part && part !== '.')
    .join('/');
}

/**
 * The key of the repository an analysis is of. `submittedBy` (an email, or "local") keys
 * uploads and samples; without one, the key is the analysis's own and matches no other.
 */
export function repositoryKey(source: RepositorySource, submittedBy: string | null | undefined, analysisId: string): string {
  const subdir = normaliseSubdir(source.subdir);
  const within = subdir ? `#${subdir}` : '';
  if (source.type === 'git') return `git:${normaliseGitUrl(source.url)}${within}`;
  if (source.type === 'image') return `image:${repositoryOf(source.ref)}`;
  if (source.type === 'named') return `named:${encodeURIComponent(source.name.trim().toLowerCase())}${within}`;
  const owner = encodeURIComponent(submittedBy ?? `analysis ${analysisId}`);
  const name = encodeURIComponent(source.type === 'archive' ? source.filename : source.name);
  return `${source.type}:${owner}:${name}${within}`;
}

/** The key of a stored analysis, from what its row keeps (the git URL as stored has no credentials). */
export function repositoryKeyOfRow(row: { id: string; sourceType: string; sourceLabel: string; sourceSubdir: string | null; submittedBy: string | null }): string {
  const subdir = row.sourceSubdir;
  if (row.sourceType === 'git') return repositoryKey({ type: 'git', url: row.sourceLabel, subdir }, row.submittedBy, row.id);
  if (row.sourceType === 'image') return repositoryKey({ type: 'image', ref: row.sourceLabel }, row.submittedBy, row.id);
  if (row.sourceType === 'sample') return repositoryKey({ type: 'sample', name: row.sourceLabel.replace(/^sample:/, ''), subdir }, row.submittedBy, row.id);
  return repositoryKey({ type: 'archive', filename: row.sourceLabel, subdir }, row.submittedBy, row.id);
}
