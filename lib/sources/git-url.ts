import path from 'node:path';

export class SourceRejectedError extends Error {
  override name = 'SourceRejectedError';
}

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

/**
 * Accepts http(s) git URLs; a local path or file:// URL only when the operator
 * turned ALLOW_LOCAL_SOURCES on. Returns what to hand to `git clone`.
 */
export function checkGitUrl(url: string, allowLocal: boolean): string {
  if (url.startsWith('-')) throw new SourceRejectedError('The git URL must not start with "-".');
  const isLocal = url.startsWith('/') || url.startsWith('file://');
  if (isLocal) {
    if (!allowLocal) {
      throw new SourceRejectedError(
        'Local paths and file:// URLs are turned off on this instance. Give an http(s) git URL (the operator can allow local sources with ALLOW_LOCAL_SOURCES=1).',
      );
    }
    const local = url.startsWith('file://') ? new URL(url).pathname : url;
    return path.resolve(local);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SourceRejectedError('That is not a URL. Give a git URL like https://github.com/owner/repo.git.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new SourceRejectedError(`Git URLs must use http or https, not ${parsed.protocol.replace(':', '')}.`);
  }
  return parsed.toString();
}
