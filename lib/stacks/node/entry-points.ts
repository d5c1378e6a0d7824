import path from 'node:path';
import { isFile, readIfExists } from '@/lib/stacks/fs-helpers';

// What a Node.js project runs, as people write it: a start script that runs node, a
// dev/serve script that runs a file through nodemon, ts-node, tsx or node-dev (the
// image runs that file with node; TypeScript from the build's output), package.json's
// main and bin (checked to exist), then the usual file names (src/index.*, server.*,
// app.*, main.*). A file the user names is taken when it is in the repository.

export interface PackageJson {
  name?: string;
  main?: string;
  bin?: string | Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  packageManager?: string;
}

export interface Candidate {
  entry: string;
  command: string[];
  /** the file that runs (for the warm rebuild's change and the port), when known */
  file: string | null;
  why: string;
}

/** `nodemon src/index.js`, `tsx watch src/server.ts`, `ts-node --transpile-only app.ts`: the runner, then the file */
const RUNNERS = /^(?:npx\s+)?(nodemon|ts-node(?:-dev)?|tsx(?:\s+watch)?|node-dev|node)\s+(?:--?[\w-]+(?:=\S+)?\s+)*([^\s&|;]+\.(?:[cm]?js|[cm]?ts))\b/;
const CONVENTIONAL = ['src/index', 'src/server', 'src/app', 'src/main', 'server', 'index', 'app', 'main'];
const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts'];

/** a file of the repository (checked, not read: candidates are many) */
const exists = (root: string, file: string) => isFile(path.join(/*turbopackIgnore: true*/ root, file));
const isTypeScript = (file: string) => /\.[cm]?ts$/.test(file);

/** Where tsc writes a TypeScript file's JavaScript (tsconfig's rootDir and outDir), or null without a tsc build. */
export function compiledFile(root: string, file: string, pkg: PackageJson): string | null {
  if (!/\btsc\b/.test(pkg.scripts?.build ?? '')) return null;
  const tsconfig = readIfExists(path.join(/*turbopackIgnore: true*/ root, 'tsconfig.json')) ?? '';
  const option = (name: string) => new RegExp(`"${name}"\\s*:\\s*"([^"]+)"`).exec(tsconfig)?.[1]?.replace(/^\.\//, '').replace(/\/$/, '');
  const outDir = option('outDir');
  if (!outDir) return null;
  const rootDir = option('rootDir') ?? (file.startsWith('src/') ? 'src' : '');
  const inside = rootDir && file.startsWith(`${rootDir}/`) ? file.slice(rootDir.length + 1) : file;
  return `${outDir}/${inside.replace(/\.([cm]?)ts$/, '.$1js')}`;
}

/** How a file is run in the image: node on it, or on what tsc makes of it; null when a TypeScript file has no tsc build. */
function runFile(root: string, file: string, pkg: PackageJson): { command: string[]; note: string } | null {
  if (!isTypeScript(file)) return { command: ['node', file], note: '' };
  const compiled = compiledFile(root, file, pkg);
  return compiled ? { command: ['node', compiled], note: ` (TypeScript: node runs ${compiled}, which the build script's tsc writes)` } : null;
}

/**
 * The server a framework builds, run with node: Nuxt's .output/server/index.mjs (which
 * carries its own node_modules), SvelteKit's build/ from adapter-node, and the build that
 * remix-serve's start script names. Each listens on all interfaces on PORT (3000).
 */
export function frameworkServer(pkg: PackageJson): (Candidate & { framework: 'nuxt' | 'sveltekit' | 'remix'; selfContained: boolean }) | null {
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  if (!pkg.scripts?.build) return null;
  if ('nuxt' in deps) {
    return {
      entry: '.output/server/index.mjs',
      command: ['node', '.output/server/index.mjs'],
      file: null,
      why: 'the server Nuxt builds (.output/server/index.mjs, with the node_modules it needs inside .output)',
      framework: 'nuxt',
      selfContained: true,
    };
  }
  if ('@sveltejs/kit' in deps && '@sveltejs/adapter-node' in deps) {
    return {
      entry: 'build',
      command: ['node', 'build'],
      file: null,
      why: "the Node.js server SvelteKit's adapter-node builds (build/)",
      framework: 'sveltekit',
      selfContained: false,
    };
  }
  const remix = /^remix-serve\s+(\S+)$/.exec(pkg.scripts?.start?.trim() ?? '');
  if (remix && '@remix-run/serve' in deps) {
    return {
      entry: remix[1]!,
      command: ['node_modules/.bin/remix-serve', remix[1]!],
      file: null,
      why: `the build remix-serve serves (${remix[1]}), as the start script runs it`,
      framework: 'remix',
      selfContained: false,
    };
  }
  return null;
}

export function nodeCandidates(root: string, pkg: PackageJson, runScript: string[]): Candidate[] {
  const candidates: Candidate[] = [];
  const add = (candidate: Candidate) => {
    if (!candidates.some((c) => c.entry === candidate.entry)) candidates.push(candidate);
  };
  const start = pkg.scripts?.start?.trim();
  const direct = start ? /^node\s+([^\s&|;]+)(.*)$/.exec(start) : null;
  if (direct && !/[&|;$]/.test(direct[2] ?? '')) {
    add({
      entry: 'start',
      command: ['node', direct[1]!, ...(direct[2] ?? '').trim().split(/\s+/).filter(Boolean)],
      file: direct[1]!,
      why: `the start script (node ${direct[1]}), run by node directly so it receives signals`,
    });
  }
  // start, dev or serve through a file watcher or a TypeScript runner: the image runs the file itself
  let startFile = false;
  for (const script of ['start', 'dev', 'serve']) {
    const text = pkg.scripts?.[script]?.trim();
    const match = text ? RUNNERS.exec(text) : null;
    if (!match || match[1] === 'node' || !exists(root, match[2]!)) continue;
    const run = runFile(root, match[2]!, pkg);
    if (!run) continue;
    add({ entry: match[2]!, command: run.command, file: match[2]!, why: `${match[2]}, which the ${script} script runs with ${match[1]}${run.note}` });
    if (script === 'start') startFile = true;
  }
  // any other start script, as npm runs it
  if (start && !direct && !startFile) add({ entry: 'start', command: runScript, file: null, why: `the start script: ${start}` });
  if (pkg.main && exists(root, pkg.main)) add({ entry: pkg.main, command: ['node', pkg.main], file: pkg.main, why: `package.json's main, ${pkg.main}` });
  const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
  for (const bin of bins.map((b) => b.replace(/^\.\//, ''))) {
    if (exists(root, bin)) add({ entry: bin, command: ['node', bin], file: bin, why: `package.json's bin, ${bin}` });
  }
  for (const base of CONVENTIONAL) {
    for (const ext of EXTENSIONS) {
      const file = `${base}${ext}`;
      if (!exists(root, file)) continue;
      const run = runFile(root, file, pkg);
      if (run) add({ entry: file, command: run.command, file, why: `${file}${run.note}` });
    }
  }
  return candidates;
}

/**
 * A file the user named as the entry point: relative, inside the repository, a
 * JavaScript or TypeScript file that is there. Null when `wanted` is not such a file.
 */
export function namedFile(root: string, wanted: string, pkg: PackageJson): Candidate | null {
  const file = wanted.replace(/^\.\//, '');
  if (path.isAbsolute(file) || file.split('/').includes('..') || !/\.[cm]?[jt]s$/.test(file) || !exists(root, file)) return null;
  const run = runFile(root, file, pkg);
  return run ? { entry: file, command: run.command, file, why: `${file}, as asked${run.note}` } : null;
}
