import { existsSync } from 'node:fs';
import path from 'node:path';
import { workspaceFolders } from '@/lib/stacks/apps';
import { readIfExists } from '@/lib/stacks/fs-helpers';

// An app inside an npm, yarn or pnpm workspace builds from the workspace's root: the
// lockfile is there, and the packages it shares with the other apps (`"@acme/ui":
// "*"`) come from their folders, not from a registry. The build context is the
// workspace root; the install runs there, the build and the server in the app's folder.

export interface NodeWorkspace {
  /** from the app's folder to the workspace root, e.g. "../.." */
  root: string;
  /** the app's folder from the workspace root, e.g. "apps/api" */
  dir: string;
  /** the app's package name (yarn and pnpm run a workspace's scripts by name) */
  name: string | null;
  /** what the install reads, from the workspace root: its manifest, lockfile and settings, each workspace's package.json */
  manifests: string[];
  /**
   * The workspace's own packages the app depends on (directly or through another) that
   * have a build script, dependencies first: built before the app, as Turborepo's and
   * Nx's `^build` would.
   */
  builtFirst: WorkspacePackage[];
}

export interface WorkspacePackage {
  /** its folder from the workspace root */
  dir: string;
  name: string | null;
}

interface Manifest {
  name?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function readManifest(dir: string): Manifest {
  try {
    return JSON.parse(readIfExists(path.join(dir, 'package.json')) ?? '{}') as Manifest;
  } catch {
    return {};
  }
}

/** The workspace packages `dir` needs built before it, dependencies first (each once; a cycle is not followed round). */
function builtBefore(rootDir: string, folders: string[], dir: string): WorkspacePackage[] {
  const byName = new Map<string, { dir: string; manifest: Manifest }>();
  for (const folder of folders) {
    const manifest = readManifest(path.join(rootDir, folder));
    if (manifest.name) byName.set(manifest.name, { dir: folder, manifest });
  }
  const order: WorkspacePackage[] = [];
  const seen = new Set<string>([dir]);
  const visit = (manifest: Manifest) => {
    const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies });
    for (const name of names) {
      const found = byName.get(name);
      if (!found || seen.has(found.dir)) continue;
      seen.add(found.dir);
      visit(found.manifest);
      if (found.manifest.scripts?.build) order.push({ dir: found.dir, name });
    }
  };
  visit(readManifest(path.join(rootDir, dir)));
  return order;
}

const ROOT_FILES = ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.yarnrc.yml', '.npmrc'];

/** The workspace `appDir` belongs to, looking up as far as `repoRoot`; null when it is in none. */
export function findWorkspace(appDir: string, repoRoot: string): { rootDir: string; workspace: NodeWorkspace } | null {
  const top = path.resolve(repoRoot);
  let level = path.dirname(path.resolve(appDir));
  while (level === top || level.startsWith(`${top}${path.sep}`)) {
    const folders = workspaceFolders(level);
    const dir = path.relative(level, appDir).split(path.sep).join('/');
    if (folders.includes(dir)) {
      // a package.json that does not parse: the app's own detection says what is wrong with it
      const name = readManifest(appDir).name ?? null;
      const manifests = [
        ...ROOT_FILES.filter((file) => existsSync(path.join(/*turbopackIgnore: true*/ level, file))),
        ...folders.map((folder) => `${folder}/package.json`).filter((file) => existsSync(path.join(/*turbopackIgnore: true*/ level, file))),
      ];
      return {
        rootDir: level,
        workspace: { root: path.relative(appDir, level).split(path.sep).join('/'), dir, name, manifests, builtFirst: builtBefore(level, folders, dir) },
      };
    }
    if (level === top) break;
    level = path.dirname(level);
  }
  return null;
}
