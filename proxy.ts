import { NextResponse, type NextRequest } from 'next/server';
import { JSON_BODY_LIMIT } from '@/lib/api/body-limit';
import { ERROR_STATUS } from '@/lib/errors';

// A Content Security Policy with a fresh nonce per page view: Next.js puts the nonce on
// its own scripts (it reads it from the request's CSP header), and no other script runs.
// Styles may be inline (charts position their elements with style attributes).

export function proxy(request: NextRequest) {
  // pages take no request bodies: a large one is refused (Next.js reads at most
  // JSON_BODY_LIMIT of it into memory, next.config.ts)
  if (Number(request.headers.get('content-length') ?? 0) > JSON_BODY_LIMIT) {
    return NextResponse.json(
      { error: { code: 'payload_too_large', message: `The request body is larger than ${JSON_BODY_LIMIT / 1024} kB; pages take no request body.` } },
      { status: ERROR_STATUS.payload_too_large },
    );
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const dev = process.env.NODE_ENV === 'development';
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  // where the visitor was going, for sign-in to return there (lib/auth/page-actor.ts)
  headers.set('x-shipshape-path', `${request.nextUrl.pathname}${request.nextUrl.search}`);
  headers.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  // pages only: not the API, static files, badges or preview images
  matcher: [
    {
      source: '/((?!api|_next/static|_next/image|favicon.ico|icon.svg|s/[^/]+/badge.svg|s/[^/]+/latest/badge.svg|s/[^/]+/opengraph-image).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
