import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isDir, readIfExists } from '@/lib/stacks/fs-helpers';
import type { DetectOptions, Stack } from '@/lib/stacks/types';

// Monorepos: a repository whose root builds nothing but whose folders do (client/ and
// backend/ each with a manifest, npm/yarn/pnpm workspaces, Turborepo and Nx layouts
// under apps/, packages/, services/). The apps found are listed so that one can be
// analysed with `subdir`.

export interface FoundApp {
  /** the folder, relative to the repository's root: what `subdir` takes */
  subdir: string;
  language: Stack['language'];
  entryPoint: string;
}

const SKIP = new Set(['node_modules', 'vendor', 'docs', 'doc', 'test', 'tests', 'e2e', 'scripts', 'examples', 'dist', 'build', 'target', 'coverage']);
const GROUPS = ['apps', 'packages', 'services', 'libs'];
const MAX_FOLDERS = 40;

function children(root: string, folder: string): string[] {
  try {
    return readdirSync(path.join(/*turbopackIgnore: true*/ root, folder), { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIP.has(e.name))
      .map((e) => (folder ? `${folder}/${e.name}` : e.name))
      .sort();
  } catch {
    return [];
  }
}

/** The folders a workspace declares (package.json "workspaces", pnpm-workspace.yaml), with "dir/*" expanded. */
export function workspaceFolders(root: string): string[] {
  const patterns: string[] = [];
  try {
    const pkg = JSON.parse(readIfExists(path.join(root, 'package.json')) ?? '{}') as { workspaces?: string[] | { packages?: string[] } };
    const declared = Array.isArray(pkg.workspaces) ? pkg.workspaces : (pkg.workspaces?.packages ?? []);
    patterns.push(...declared.filter((p): p is string => typeof p === 'string'));
  } catch {
    // a package.json that does not parse declares nothing
  }
  const pnpm = readIfExists(path.join(root, 'pnpm-workspace.yaml')) ?? '';
  for (const match of pnpm.matchAll(/^\s*-\s*['"]?([^'"\n#]+?)['"]?\s*$/gm)) patterns.push(match[1]!);
  return patterns.flatMap((pattern) => {
    const clean = pattern.replace(/^\.\//, '').replace(/\/$/, '');
    if (clean.startsWith('!') || clean.includes('..')) return [];
    if (clean.endsWith('/*') || clean.endsWith('/**')) return children(root, clean.replace(/\/\*\*?$/, ''));
    return isDir(path.join(root, clean)) ? [clean] : [];
  });
}

/** The apps in the repository's folders that Shipshape can build, each with what it would run. */
export function findApps(root: string, detect: (folder: string, options: DetectOptions) => Stack): FoundApp[] {
  const folders = [...new Set([...workspaceFolders(root), ...children(root, '').flatMap((f) => (GROUPS.includes(f) ? children(root, f) : [f]))])].slice(0, MAX_FOLDERS);
  const apps: FoundApp[] = [];
  for (const subdir of folders) {
    try {
      const stack = detect(path.join(root, subdir), {});
      apps.push({ subdir, language: stack.language, entryPoint: stack.entryPoint });
    } catch {
      // nothing to build there
    }
  }
  return apps;
}
