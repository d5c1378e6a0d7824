import { getSettings } from '@/lib/env';
import { fromTrustedProxy } from '@/lib/net/client-address';
import { socketAddressOf } from '@/lib/net/socket-address';

// The origin of absolute links (share URLs, invite links, og:image): PUBLIC_URL when
// it is set; else what a reverse proxy in TRUSTED_PROXIES forwarded
// (X-Forwarded-Host, X-Forwarded-Proto); else the Host header. A client cannot move
// links to a host of its choosing with X-Forwarded-Host: Next.js passes a client's
// header on unchanged, so it counts only from a trusted proxy.

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

const first = (value: string | null) => value?.split(',')[0]?.trim() || undefined;
const validHost = (host: string | undefined) => (host && HOST.test(host) ? host : undefined);

/** The origin a visitor used, for absolute links; `fallback` when the request names no usable host. */
export function originFromHeaders(headers: Headers, fallback = 'http://localhost:3000'): string {
  const publicUrl = getSettings().auth.publicUrl;
  if (publicUrl) return publicUrl;
  if (fromTrustedProxy(headers)) {
    const host = validHost(first(headers.get('x-forwarded-host')));
    const proto = first(headers.get('x-forwarded-proto')) === 'https' ? 'https' : 'http';
    if (host) return `${proto}://${host}`;
  }
  const host = validHost(headers.get('host') ?? undefined);
  if (!host) return fallback;
  // straight from a client, Next's own server speaks plain http; a request that did not
  // come through it (a test) keeps the protocol of its URL
  const proto = socketAddressOf(headers) ? 'http' : new URL(fallback).protocol.replace(':', '');
  return `${proto}://${host}`;
}
