import http from 'node:http';
import https from 'node:https';
import { extraCa, pinnedLookup } from '@/lib/sources/pinned-http';
import { checkHost, type CheckedHost } from '@/lib/sources/host-check';
import { SourceFetchError, SourceRejectedError } from '@/lib/sources/errors';
import { parseGitUrl, redactUrl } from '@/lib/sources/git-url';

// git follows HTTP redirects on its own, to wherever they point, so checking only
// the submitted host would let a public server bounce the clone to 127.0.0.1. Before
// cloning, the first request git makes (info/refs) is made here, each redirect is
// checked like the submitted URL, and git then clones the final address with
// redirects off and the checked addresses pinned (no second DNS answer).

export const MAX_REDIRECTS = 5;
const INFO_REFS = '/info/refs';
const SMART_CONTENT_TYPE = 'application/x-git-upload-pack-advertisement';

export interface PreflightResult {
  /** the repository to clone: the last hop, credentials kept only on the submitted origin */
  url: URL;
  /** `http.curloptResolve` value pinning the checked addresses; undefined for IP hosts */
  pin: string | undefined;
  /** the server speaks git's smart protocol (a static "dumb" server cannot do shallow clones) */
  smart: boolean;
}

export interface PreflightOptions {
  allowlist: string[];
  signal: AbortSignal;
  /** per request */
  timeoutMs: number;
}

interface Answer {
  status: number;
  location: string | undefined;
  contentType: string;
}

function withoutCredentials(url: URL): URL {
  const copy = new URL(url);
  copy.username = '';
  copy.password = '';
  return copy;
}

function basicAuth(url: URL): string | undefined {
  if (!url.username && !url.password) return undefined;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return `Basic ${Buffer.from(`${decode(url.username)}:${decode(url.password)}`).toString('base64')}`;
}

function infoRefsOf(repo: URL): URL {
  const url = withoutCredentials(repo);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${INFO_REFS}`;
  url.search = '?service=git-upload-pack';
  url.hash = '';
  return url;
}

function defaultPort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

function pinFor(url: URL, checked: CheckedHost): string | undefined {
  if (checked.literal) return undefined;
  const addresses = checked.addresses.map((a) => (a.includes(':') ? `[${a}]` : a)).join(',');
  return `${checked.host}:${defaultPort(url)}:${addresses}`;
}

function ask(url: URL, checked: CheckedHost, authorization: string | undefined, options: PreflightOptions): Promise<Answer> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'GET',
        headers: { 'User-Agent': 'git/2 (shipshape preflight)', Accept: '*/*', ...(authorization ? { Authorization: authorization } : {}) },
        lookup: pinnedLookup(checked.addresses),
        signal: options.signal,
        timeout: options.timeoutMs,
        ...(url.protocol === 'https:' ? { ca: extraCa() } : {}),
      },
      (response) => {
        resolve({ status: response.statusCode ?? 0, location: response.headers.location, contentType: response.headers['content-type'] ?? '' });
        response.destroy(); // only the head is needed
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end();
  });
}

/** The repository a (redirected) info/refs address belongs to, credentials added back on the submitted origin. */
function repositoryOf(infoRefs: URL, submitted: URL): URL | undefined {
  if (!infoRefs.pathname.endsWith(INFO_REFS)) return undefined;
  const repo = new URL(infoRefs);
  repo.pathname = repo.pathname.slice(0, -INFO_REFS.length) || '/';
  repo.search = '';
  repo.hash = '';
  if (repo.origin === submitted.origin) {
    repo.username = submitted.username;
    repo.password = submitted.password;
  }
  return repo;
}

/** Where a redirect points, checked for its form like a submitted URL. */
function nextHop(location: string, from: URL, subject: string): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new SourceFetchError(`${subject} redirects to "${redactUrl(location)}", which is not a URL.`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new SourceRejectedError(`${subject} redirects to ${redactUrl(next.toString())}; only redirects to http(s) are followed.`);
  }
  parseGitUrl(withoutCredentials(next).toString(), false);
  return withoutCredentials(next);
}

/**
 * Follows the redirects of `repo`'s info/refs (at most MAX_REDIRECTS), checking every
 * hop's host; returns what git should clone. A hop that answers with an error, or
 * that cannot be reached, ends the walk there: git then reports it in its own words.
 */
export async function preflightHttp(repo: URL, options: PreflightOptions): Promise<PreflightResult> {
  const label = redactUrl(repo.toString());
  const authorization = basicAuth(repo);
  let request = infoRefsOf(repo);
  let subject = `The git URL ${label}`;
  for (let hop = 0; ; hop += 1) {
    const target = repositoryOf(request, repo);
    if (!target) throw new SourceFetchError(`${subject} does not lead to a git repository (git asks for …/info/refs). Give the repository's own address.`);
    const checked = await checkHost(request.hostname, options.allowlist, subject);
    const sameOrigin = request.origin === repo.origin;
    const answer = await ask(request, checked, sameOrigin ? authorization : undefined, options).catch((error: unknown) => {
      if (options.signal.aborted) throw error;
      return undefined;
    });
    const result = { url: target, pin: pinFor(request, checked) };
    if (!answer) return { ...result, smart: true };
    if (answer.status >= 300 && answer.status < 400 && answer.location) {
      if (hop >= MAX_REDIRECTS) throw new SourceFetchError(`The git URL ${label} redirects more than ${MAX_REDIRECTS} times. Give the repository's final address.`);
      const next = nextHop(answer.location, request, `The git URL ${label}`);
      subject = `The redirect from ${label} to ${redactUrl(next.toString())}`;
      request = next;
      continue;
    }
    const smart = answer.status >= 200 && answer.status < 300 ? answer.contentType.toLowerCase().startsWith(SMART_CONTENT_TYPE) : true;
    return { ...result, smart };
  }
}
