import path from 'node:path';
import { readIfExists } from '@/lib/stacks/fs-helpers';
import type { PackageJson } from '@/lib/stacks/node/entry-points';

// Front-end apps (Vite, Create React App, Angular, Vue CLI, plain webpack): once built
// they are files. The multi-stage image ships those files on a small static server, not
// Node.js and not a development server; the single-stage one runs the development
// server, as such images usually do.

export interface FrontEnd {
  tool: 'vite' | 'create-react-app' | 'angular' | 'vue-cli' | 'webpack';
  /** where the build writes the site, relative to the root */
  outDir: string;
  /** how the development server is started (the single-stage image's command), on all interfaces */
  devCommand: string[];
  devPort: number;
}

/** Dependencies that make a project a server, not a static site. */
const SERVERS = ['express', 'fastify', 'koa', '@hapi/hapi', '@nestjs/core', 'next', 'nuxt', '@remix-run/node', '@remix-run/serve', '@sveltejs/kit', 'hono', 'socket.io'];

const TOOL_NAMES: Record<FrontEnd['tool'], string> = {
  vite: 'Vite',
  'create-react-app': 'Create React App (react-scripts)',
  angular: 'Angular',
  'vue-cli': 'Vue CLI',
  webpack: 'webpack',
};

export const frontEndName = (frontEnd: FrontEnd) => TOOL_NAMES[frontEnd.tool];

const configText = (root: string, names: string[]) =>
  names.map((name) => readIfExists(path.join(/*turbopackIgnore: true*/ root, name))).find((text): text is string => text !== null) ?? '';

/** A `key: 'value'` in a config file, or the fallback. */
function configured(text: string, key: string, fallback: string): string {
  return folder(new RegExp(`\\b${key}\\s*:\\s*["'\`]([^"'\`]+)["'\`]`).exec(text)?.[1], fallback);
}

/**
 * A folder the build writes, as written in a config, relative to the app: anything else
 * (absolute, climbing out with .., or more than a plain path: it goes into a COPY line)
 * is the tool's default.
 */
function folder(value: string | undefined, fallback: string): string {
  const dir = value?.replace(/^\.\//, '').replace(/\/$/, '');
  return dir && /^[\w@.+-]+(\/[\w@.+-]+)*$/.test(dir) && !dir.split('/').includes('..') && dir !== '.' ? dir : fallback;
}

/** webpack's output.path: path.resolve or path.join of __dirname and its parts, or a string. */
function webpackOutDir(text: string): string {
  const call = /\bpath\s*:\s*path\.(?:resolve|join)\(\s*__dirname\s*,((?:\s*["'`][^"'`]*["'`]\s*,?)+)\s*\)/.exec(text);
  if (!call) return configured(text, 'path', 'dist');
  return folder([...call[1]!.matchAll(/["'`]([^"'`]*)["'`]/g)].map((part) => part[1]).join('/'), 'dist');
}

/** Angular's output: angular.json's outputPath (its base), plus browser/ for the application builder. */
function angularOutDir(root: string, name: string): string {
  try {
    const config = JSON.parse(configText(root, ['angular.json'])) as {
      projects?: Record<string, { architect?: { build?: { builder?: string; options?: { outputPath?: string | { base?: string } } } } }>;
    };
    const build = Object.values(config.projects ?? {})[0]?.architect?.build;
    const output = build?.options?.outputPath;
    const base = (typeof output === 'string' ? output : output?.base) ?? `dist/${name}`;
    return folder(/:application$/.test(build?.builder ?? '') ? `${base.replace(/\/$/, '')}/browser` : base, 'dist');
  } catch {
    return folder(`dist/${name}`, 'dist');
  }
}

export function detectFrontEnd(root: string, pkg: PackageJson): FrontEnd | null {
  const build = pkg.scripts?.build ?? '';
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  if (!build || SERVERS.some((server) => server in deps)) return null;
  if ('react-scripts' in deps && /react-scripts\s+build/.test(build)) {
    return { tool: 'create-react-app', outDir: 'build', devCommand: ['npx', 'react-scripts', 'start'], devPort: 3000 };
  }
  if ('vite' in deps && /\bvite(\s+build)?\b/.test(build)) {
    const outDir = configured(configText(root, ['vite.config.ts', 'vite.config.js', 'vite.config.mjs', 'vite.config.mts']), 'outDir', 'dist');
    return { tool: 'vite', outDir, devCommand: ['npx', 'vite', '--host', '0.0.0.0'], devPort: 5173 };
  }
  if ('@angular/cli' in deps && /\bng\s+build\b/.test(build)) {
    return { tool: 'angular', outDir: angularOutDir(root, pkg.name ?? 'app'), devCommand: ['npx', 'ng', 'serve', '--host', '0.0.0.0'], devPort: 4200 };
  }
  if ('@vue/cli-service' in deps && /vue-cli-service\s+build/.test(build)) {
    const outDir = configured(configText(root, ['vue.config.js', 'vue.config.cjs', 'vue.config.mjs']), 'outputDir', 'dist');
    return { tool: 'vue-cli', outDir, devCommand: ['npx', 'vue-cli-service', 'serve'], devPort: 8080 };
  }
  if ('webpack' in deps && /\bwebpack\b/.test(build)) {
    const outDir = webpackOutDir(configText(root, ['webpack.config.js', 'webpack.config.cjs', 'webpack.config.mjs']));
    return { tool: 'webpack', outDir, devCommand: ['npx', 'webpack', 'serve', '--host', '0.0.0.0'], devPort: 8080 };
  }
  return null;
}
