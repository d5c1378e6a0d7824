import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { checkHost } from '@/lib/sources/host-check';
import { extraCa, pinnedLookup } from '@/lib/sources/pinned-http';
import { redactUrl } from '@/lib/sources/git-url';
import { BuildRefusedError } from '@/lib/build-policy/errors';

// `ADD <url>` makes the engine fetch the URL itself, from its own host: loopback and
// cloud metadata included, and BUILD_NETWORK does not apply. Shipshape fetches it
// instead, with the checks a git URL gets (public addresses only unless allowlisted,
// every redirect checked, the checked address pinned, a size cap, a deadline), and the
// build copies the local file.

const MAX_REDIRECTS = 5;

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  allowlist: string[];
  signal?: AbortSignal;
}

/** The name ADD gives a URL's file: the last segment of its path. */
export function fileNameOf(url: URL): string {
  const last = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '').replace(/[^\w.+-]/g, '_');
  return last && last !== '.' && last !== '..' ? last : 'download';
}

function get(url: URL, addresses: string[], limits: FetchLimits): Promise<http.IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, {
      headers: { 'User-Agent': 'shipshape (ADD of a remote source)', Accept: '*/*' },
      lookup: pinnedLookup(addresses),
      signal: limits.signal,
      timeout: limits.timeoutMs,
      ...(url.protocol === 'https:' ? { ca: extraCa() } : {}),
    });
    request.on('response', resolve);
    request.on('timeout', () => request.destroy(new Error(`no answer within ${limits.timeoutMs / 1000} s`)));
    request.on('error', reject);
  });
}

/** Fetches an http(s) URL to `file` (mode 0600, as ADD makes it); returns its bytes. */
export async function fetchRemoteFile(raw: string, file: string, limits: FetchLimits, line: number): Promise<number> {
  const label = redactUrl(raw);
  const subject = `ADD ${label} (line ${line})`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BuildRefusedError(`${subject}: the source is not a URL.`);
  }
  if (url.username || url.password) throw new BuildRefusedError(`${subject}: URLs with credentials are not fetched for a build; put the file in the repository.`);
  const deadline = Date.now() + limits.timeoutMs;
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BuildRefusedError(`${subject} leads to ${redactUrl(url.toString())}; only http(s) sources are fetched.`);
    let checked: Awaited<ReturnType<typeof checkHost>>;
    try {
      checked = await checkHost(url.hostname, limits.allowlist, subject);
    } catch (error) {
      throw new BuildRefusedError((error as Error).message);
    }
    const response = await get(url, checked.addresses, { ...limits, timeoutMs: Math.max(1000, deadline - Date.now()) }).catch((error: Error) => {
      throw new BuildRefusedError(`${subject} could not be fetched: ${error.message}.`);
    });
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      if (hop >= MAX_REDIRECTS) throw new BuildRefusedError(`${subject} redirects more than ${MAX_REDIRECTS} times.`);
      url = new URL(response.headers.location, url);
      continue;
    }
    if (status < 200 || status >= 300) {
      response.resume();
      throw new BuildRefusedError(`${subject} answered HTTP ${status}.`);
    }
    const declared = Number(response.headers['content-length'] ?? 0);
    const tooBig = () => new BuildRefusedError(`${subject} is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB (MAX_REPO_MB); it was not fetched whole.`);
    if (declared > limits.maxBytes) {
      response.destroy();
      throw tooBig();
    }
    mkdirSync(path.dirname(file), { recursive: true });
    let bytes = 0;
    const cap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback(bytes > limits.maxBytes ? tooBig() : null, chunk);
      },
    });
    try {
      await pipeline(response, cap, createWriteStream(file, { mode: 0o600 }));
    } catch (error) {
      rmSync(file, { force: true });
      if (error instanceof BuildRefusedError) throw error;
      throw new BuildRefusedError(`${subject} could not be fetched: ${(error as Error).message}.`);
    }
    return bytes;
  }
}
