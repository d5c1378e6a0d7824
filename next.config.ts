import type { NextConfig } from 'next';
import { JSON_BODY_LIMIT } from './lib/api/body-limit';
import { getSettings } from './lib/env';

// Fail fast: a bad setting stops the build and the server here, with its reason.
getSettings();

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // The container image (Dockerfile) ships the standalone server; `npm start` uses next start.
  output: process.env.NEXT_OUTPUT === 'standalone' ? 'standalone' : undefined,
  // dockerode's ssh2 and better-sqlite3 load native modules: keep them out of the bundle.
  serverExternalPackages: ['dockerode', 'docker-modem', 'ssh2', 'better-sqlite3', '@prisma/adapter-better-sqlite3', 'pg', '@prisma/adapter-pg', 'tar-fs', 'tar', 'yauzl'],
  poweredByHeader: false,
  experimental: {
    // Next.js copies a request's body for proxy.ts (pages only) and holds that copy in
    // memory, 10 MB by default; pages take no bodies, so the copy is kept tiny.
    proxyClientMaxBodySize: JSON_BODY_LIMIT,
  },
  // Everywhere (the CSP with its nonce is set per page view in proxy.ts).
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          // share links carry their token in the URL: never send it to another site
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
