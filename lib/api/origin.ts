/** The origin a visitor used (behind a proxy: its forwarded host), for absolute links. */
export function originFromHeaders(headers: Headers, fallback = 'http://localhost:3000'): string {
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (!host) return fallback;
  const proto = headers.get('x-forwarded-proto') ?? new URL(fallback).protocol.replace(':', '');
  return `${proto}://${host}`;
}
