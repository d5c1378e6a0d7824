import type { NextConfig } from 'next';
import { getSettings } from './lib/env';

// Fail fast: a bad setting stops the build and the server here, with its reason.
getSettings();

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // The container image (Dockerfile) ships the standalone server; `npm start` uses next start.
  output: process.env.NEXT_OUTPUT === 'standalone' ? 'standalone' : undefined,
  // dockerode's ssh2 and better-sqlite3 load native modules: keep them out of the bundle.
  serverExternalPackages: ['dockerode', 'docker-modem', 'ssh2', 'better-sqlite3', '@prisma/adapter-better-sqlite3', 'tar-fs', 'tar', 'yauzl'],
  poweredByHeader: false,
};

export default nextConfig;
