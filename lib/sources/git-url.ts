import path from 'node:path';
import { SourceRejectedError } from '@/lib/sources/errors';

export { SourceRejectedError };

/** What a git URL names, once it has been checked. */
export type GitTarget =
  /** a folder on this server (only when ALLOW_LOCAL_SOURCES=1) */
  | { kind: 'local'; path: string }
  /** http(s); `url` is normalised and may still carry credentials */
  | { kind: 'http'; url: URL }
  /** ssh:// or scp-like user@host:path; `host` without brackets */
  | { kind: 'ssh'; url: string; host: string; port: number };

/** The URL without user name or password, for display, storage and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '';
      parsed.password = '';
    }
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@\s]*@/, '//');
  }
}

/** Removes every credential-looking part of URLs inside free text (git's messages). */
export function redactText(text: string, secrets: string[] = []): string {
  let out = text.replace(/(\w+:\/\/)[^/@\s]+@/g, '$1');
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out;
}

/** The user name and password of a URL (raw and decoded), long enough to be worth hiding. */
export function credentialsOf(url: string): string[] {
  try {
    const { username, password } = new URL(url);
    return [username, password, safeDecode(username), safeDecode(password)].filter((s) => s.length >= 3);
  } catch {
    return [];
  }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

const SCHEME_URL = /^([a-z][a-z0-9+.-]*):\/\//i;
// git runs `git-remote-<name>` for "<name>::<address>" (ext:: runs any command, fd:: reads sockets).
const TRANSPORT_PREFIX = /^([a-z][a-z0-9+.-]*)::/i;
// scp-like syntax as git reads it: user@host:path, with no "/" before the ":".
const SCP_LIKE = /^([^@/:]+)@(\[[0-9a-f:.]+\]|[^@/:[\]]+):(.*)$/i;
const HOST_NAME = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/i;
const SSH_USER = /^[a-z0-9._~+][a-z0-9._~+-]*$/i;

function reject(message: string): never {
  throw new SourceRejectedError(message);
}

/** git and ssh read a leading "-" in a host, user or path as an option (`ssh -oProxyCommand=...`). */
function refuseOptionLike(part: string, what: string): void {
  if (part.startsWith('-') || safeDecode(part).startsWith('-')) {
    reject(`The ${what} in the git URL must not start with "-" (git or ssh would read it as an option). Check the URL.`);
  }
}

function refuseOptionLikePath(pathname: string): void {
  for (const segment of pathname.split('/')) refuseOptionLike(segment, 'path');
}

function localTarget(url: string, allowLocal: boolean): GitTarget {
  if (!allowLocal) {
    reject('Local paths and file:// URLs are turned off on this instance. Give an http(s) git URL (the operator can allow local sources with ALLOW_LOCAL_SOURCES=1).');
  }
  const local = url.startsWith('file://') ? new URL(url).pathname : url;
  return { kind: 'local', path: path.resolve(local) };
}

function sshHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  refuseOptionLike(bare, 'host');
  const isIpv6 = host.startsWith('[') && /^[0-9a-f:.]+$/i.test(bare);
  if (!isIpv6 && !HOST_NAME.test(bare)) reject(`"${bare}" is not a usable host name in an ssh git URL. Check the URL.`);
  return bare;
}

function sshUser(user: string): void {
  refuseOptionLike(user, 'user name');
  if (!SSH_USER.test(user)) reject('The user name in the ssh git URL may hold letters, digits and . _ ~ + - only. Check the URL.');
}

function scpLikeTarget(url: string, match: RegExpExecArray): GitTarget {
  const [, user = '', host = '', repoPath = ''] = match;
  sshUser(user);
  const bare = sshHost(host);
  refuseOptionLike(repoPath, 'path');
  if (!repoPath) reject('The ssh git URL names no repository after the ":". Give it like git@github.com:owner/repo.git.');
  return { kind: 'ssh', url, host: bare, port: 22 };
}

function sshTarget(parsed: URL): GitTarget {
  if (parsed.password) reject('ssh git URLs cannot carry a password; this server clones over ssh with its own key only.');
  if (parsed.username) sshUser(safeDecode(parsed.username));
  const host = sshHost(parsed.hostname);
  refuseOptionLikePath(parsed.pathname);
  return { kind: 'ssh', url: parsed.toString(), host, port: parsed.port ? Number(parsed.port) : 22 };
}

function httpTarget(parsed: URL): GitTarget {
  if (!parsed.hostname) reject('The git URL names no host. Give a git URL like https://github.com/owner/repo.git.');
  refuseOptionLike(parsed.hostname, 'host');
  if (parsed.username) refuseOptionLike(parsed.username, 'user name');
  refuseOptionLikePath(parsed.pathname);
  return { kind: 'http', url: parsed };
}

/**
 * Reads a git URL the way git would, refusing every form that makes git run a
 * program, read a local file, or take part of the URL as an option. Allowed:
 * http(s)://, ssh:// and user@host:path; local paths and file:// only when the
 * operator turned ALLOW_LOCAL_SOURCES on. Hosts are not resolved here (see host-check.ts).
 */
export function parseGitUrl(url: string, allowLocal: boolean): GitTarget {
  if (url.startsWith('-')) reject('The git URL must not start with "-".');
  const transport = TRANSPORT_PREFIX.exec(url)?.[1];
  if (transport) reject(`"${transport}::" git URLs make git run a helper program on this server and are refused. Give an http(s) or ssh git URL.`);
  if (/[\s\p{Cc}]/u.test(url)) reject('The git URL must not contain spaces or control characters. Check the URL.');
  if (url.startsWith('/') || url.startsWith('file://')) return localTarget(url, allowLocal);

  const scheme = SCHEME_URL.exec(url)?.[1]?.toLowerCase();
  if (!scheme) {
    const scp = SCP_LIKE.exec(url);
    if (scp) return scpLikeTarget(url, scp);
    reject('That is not a URL. Give a git URL like https://github.com/owner/repo.git.');
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    reject('That is not a URL. Give a git URL like https://github.com/owner/repo.git.');
  }
  if (scheme === 'ssh') return sshTarget(parsed);
  if (scheme !== 'https' && scheme !== 'http') reject(`Git URLs must use http or https, not ${scheme}.`);
  return httpTarget(parsed);
}

/** What to hand to `git clone` for a checked target. */
export function gitArgument(target: GitTarget): string {
  if (target.kind === 'local') return target.path;
  if (target.kind === 'http') return target.url.toString();
  return target.url;
}

/**
 * Checks the form of a git URL (see parseGitUrl) and returns what to hand to
 * `git clone`. Throws SourceRejectedError with a message for the user.
 */
export function checkGitUrl(url: string, allowLocal: boolean): string {
  return gitArgument(parseGitUrl(url, allowLocal));
}
