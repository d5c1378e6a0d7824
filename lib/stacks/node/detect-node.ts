import { existsSync } from 'node:fs';
import path from 'node:path';
import { findPort, isDir, readIfExists } from '@/lib/stacks/fs-helpers';
import { StackNotDetectedError, type DetectOptions, type NodeStack } from '@/lib/stacks/types';
import { frameworkServer, namedFile, nodeCandidates, type Candidate, type PackageJson } from '@/lib/stacks/node/entry-points';
import { detectFrontEnd, frontEndName, type FrontEnd } from '@/lib/stacks/node/front-end';
import { findWorkspace } from '@/lib/stacks/node/workspace';
import { DEFAULT_PNPM } from '@/lib/stacks/node/generate-node';

const LOCKFILES: [string, NodeStack['buildTool']][] = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['yarn.lock', 'yarn'],
  ['pnpm-lock.yaml', 'pnpm'],
];

export function detectNode(root: string, options: DetectOptions = {}): NodeStack | null {
  const text = readIfExists(path.join(root, 'package.json'));
  if (text === null) return null;
  let pkg: PackageJson;
  try {
    pkg = JSON.parse(text) as PackageJson;
  } catch (error) {
    throw new StackNotDetectedError(`package.json is not valid JSON: ${(error as Error).message}`);
  }
  const reasons: string[] = [];
  // in a workspace, the lockfile and the package manager's settings are the workspace root's
  const found = options.repoRoot ? findWorkspace(root, options.repoRoot) : null;
  const installRoot = found?.rootDir ?? root;
  const rootPkg = found ? readPackageJson(installRoot) : pkg;
  const lock = LOCKFILES.find(([file]) => readIfExists(path.join(/*turbopackIgnore: true*/ installRoot, file)) !== null);
  const declared = /^(npm|yarn|pnpm)@/.exec(rootPkg.packageManager ?? pkg.packageManager ?? '')?.[1] as NodeStack['buildTool'] | undefined;
  const buildTool = lock?.[1] ?? declared ?? 'npm';
  const yarnBerry = buildTool === 'yarn' ? berryOf(installRoot, rootPkg) : null;
  const pnpmVersion = buildTool === 'pnpm' ? pnpmOf(installRoot, rootPkg) : null;
  if (found) {
    reasons.push(
      `Part of the ${buildTool} workspace at ${found.workspace.root}: the build context is the workspace root, the install runs there (with its lockfile and the workspace's own packages), the build and the app in ${found.workspace.dir}.`,
    );
    const first = found.workspace.builtFirst;
    if (first.length) {
      const runner = ['turbo.json', 'nx.json'].find((file) => existsSync(path.join(/*turbopackIgnore: true*/ installRoot, file)));
      reasons.push(
        `It uses workspace packages with a build of their own: ${first.map((p) => p.dir).join(', ')} ${first.length === 1 ? 'is' : 'are'} built first, dependencies first${runner ? ` (as ${runner === 'turbo.json' ? 'Turborepo' : 'Nx'}'s ^build would, with each package's build script)` : ''}.`,
      );
    }
  }
  reasons.push(
    lock
      ? `${lock[0]} pins the dependencies: installed with ${buildTool === 'npm' ? 'npm ci' : yarnBerry ? 'yarn install --immutable' : `${buildTool} --frozen-lockfile`}.`
      : `No lockfile: dependencies are resolved afresh with ${buildTool} install on every build (not reproducible; commit a lockfile).`,
  );
  if (pnpmVersion) {
    reasons.push(
      `pnpm ${pnpmVersion.version} (${pnpmVersion.from}) is installed with npm install -g, checked against the registry's integrity hash: corepack would also demand the registry's signature, which older corepack keys and registry mirrors fail.`,
    );
  }
  if (yarnBerry) {
    reasons.push(
      `Yarn ${yarnBerry.major ?? '2+'} (Berry), run through corepack${yarnBerry.pnp ? ": Plug'n'Play (no node_modules): the app runs with its .pnp.cjs, and the final stage keeps the .yarn folder" : ' with node_modules (nodeLinker)'}.`,
    );
  }

  const hasNext = !!(pkg.dependencies?.next ?? pkg.devDependencies?.next);
  let next: NodeStack['next'] = null;
  if (hasNext) {
    const config =
      ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs'].map((f) => readIfExists(path.join(/*turbopackIgnore: true*/ root, f))).find((t) => t !== null) ??
      '';
    next = { standalone: /output\s*:\s*["'`]standalone["'`]/.test(config), hasPublic: isDir(path.join(root, 'public')) };
    reasons.push(
      next.standalone
        ? 'Next.js with output: "standalone": the final stage ships only .next/standalone (its own minimal node_modules), .next/static and public/.'
        : 'Next.js without output: "standalone": the final stage needs node_modules with next; setting output: "standalone" would shrink it further.',
    );
  }
  const hasBuild = !!pkg.scripts?.build;
  if (hasBuild) reasons.push(`The build script runs in the builder: ${pkg.scripts!.build}.`);
  const frontEnd = next ? null : detectFrontEnd(root, pkg);
  if (frontEnd && (options.entryPoint === undefined || options.entryPoint === frontEnd.outDir))
    return {
      ...frontEndStack(root, frontEnd, { buildTool, lock: lock?.[0] ?? null, reasons }),
      yarnBerry,
      pnpmVersion: pnpmVersion?.version ?? null,
      ...(found ? { workspace: found.workspace } : {}),
    };

  const run = buildTool === 'npm' ? ['npm', 'start'] : [buildTool, 'start'];
  const candidates: Candidate[] = [];
  const framework = next ? null : frameworkServer(pkg);
  if (framework) candidates.push(framework);
  if (next?.standalone) candidates.push({ entry: 'server.js', command: ['node', 'server.js'], file: null, why: 'the standalone server.js Next.js writes' });
  candidates.push(...nodeCandidates(root, pkg, run).filter((c) => !candidates.some((x) => x.entry === c.entry)));
  const wanted = options.entryPoint;
  const chosen = wanted === undefined ? candidates[0] : (candidates.find((c) => c.entry === wanted) ?? namedFile(root, wanted, pkg) ?? undefined);
  if (!candidates.length && wanted === undefined) {
    throw new StackNotDetectedError(
      'Found package.json but nothing to run: looked for a start, dev or serve script (node, nodemon, ts-node, tsx), "main", "bin", and src/index, src/server, src/app, server, index, app and main (.js, .mjs, .cjs, .ts). Name the file to run as the entry point.',
    );
  }
  if (!chosen) {
    throw new StackNotDetectedError(
      `The entry point "${wanted}" is neither one Shipshape found${candidates.length ? ` (${candidates.map((c) => c.entry).join(', ')})` : ''} nor a JavaScript or TypeScript file in the repository (a TypeScript file needs a build script that runs tsc, with an outDir).`,
    );
  }
  reasons.push(`Runs ${chosen.why}.`);
  // the file the warm rebuild changes: one in the repository (a start script may name what the build makes)
  // a framework's server is built: the warm rebuild changes one of its pages
  const pages = ['app.vue', 'pages/index.vue', 'src/routes/+page.svelte', 'app/root.tsx', 'app/root.jsx', 'app/routes/_index.tsx'];
  const sourceFile =
    [chosen.file, ...candidates.map((c) => c.file), ...(framework ? pages : [])].find(
      (f): f is string => f !== null && readIfExists(path.join(/*turbopackIgnore: true*/ root, f)) !== null,
    ) ?? null;
  if (framework && chosen.entry === framework.entry && framework.framework !== 'nuxt')
    reasons.push('It needs its production dependencies at run time: they are kept (dev dependencies dropped) and ship beside the build.');
  return {
    language: 'node',
    buildTool,
    entryPoint: chosen.entry,
    entryPoints: [...new Set([chosen.entry, ...candidates.map((c) => c.entry)])],
    sourceFile,
    reasons,
    lockfile: lock?.[0] ?? null,
    hasBuild,
    next,
    yarnBerry,
    pnpmVersion: pnpmVersion?.version ?? null,
    ...(found ? { workspace: found.workspace } : {}),
    ...(framework && chosen.entry === framework.entry ? { framework: { name: framework.framework, selfContained: framework.selfContained } } : {}),
    command: chosen.command,
    port:
      framework && chosen.entry === framework.entry
        ? 3000
        : (findPort(sourceFile ? [readIfExists(path.join(/*turbopackIgnore: true*/ root, sourceFile)) ?? ''] : []) ?? (next ? 3000 : null)),
  };
}

/** A package.json's fields, or none when it is missing or does not parse. */
function readPackageJson(dir: string): PackageJson {
  try {
    return JSON.parse(readIfExists(path.join(/*turbopackIgnore: true*/ dir, 'package.json')) ?? '{}') as PackageJson;
  } catch {
    return {};
  }
}

/** pnpm's lockfile formats and the pnpm major that writes each (9.0: pnpm 9 and 10). */
const PNPM_LOCKFILE_MAJOR: Record<string, string> = { '9': '9', '6': '8', '5': '7' };

/**
 * The pnpm to install: the exact version packageManager names (its hash left out), else
 * the major that reads the lockfile's format. Only digits, dots and a pre-release tag
 * pass: the version goes into a RUN line.
 */
function pnpmOf(root: string, pkg: PackageJson): { version: string; from: string } {
  const declared = /^pnpm@(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)(?:\+|$)/.exec(pkg.packageManager ?? '')?.[1];
  if (declared) return { version: declared, from: 'packageManager' };
  const format = /^lockfileVersion:\s*['"]?(\d+)/m.exec(readIfExists(path.join(/*turbopackIgnore: true*/ root, 'pnpm-lock.yaml')) ?? '')?.[1];
  const major = format ? PNPM_LOCKFILE_MAJOR[format] : undefined;
  return major ? { version: major, from: `the major that writes lockfile format ${format}` } : { version: DEFAULT_PNPM, from: 'the default' };
}

/**
 * Yarn 2+ (Berry): a .yarnrc.yml, a lockfile in its format (__metadata), or packageManager
 * yarn@2+. It installs Plug'n'Play unless .yarnrc.yml sets another nodeLinker.
 */
function berryOf(root: string, pkg: PackageJson): NodeStack['yarnBerry'] {
  const yarnrc = readIfExists(path.join(/*turbopackIgnore: true*/ root, '.yarnrc.yml'));
  const lock = readIfExists(path.join(/*turbopackIgnore: true*/ root, 'yarn.lock')) ?? '';
  const declared = /^yarn@(\d+)/.exec(pkg.packageManager ?? '')?.[1];
  const major = declared ? Number(declared) : null;
  if (major === 1 || (yarnrc === null && !/^__metadata:/m.test(lock) && (major === null || major < 2))) return null;
  return { major, pnp: !/^\s*nodeLinker:\s*["']?(node-modules|pnpm)\b/m.test(yarnrc ?? '') };
}

/** A front-end app: built to static files (served without Node.js in the multi-stage image). */
function frontEndStack(root: string, frontEnd: FrontEnd, found: { buildTool: NodeStack['buildTool']; lock: string | null; reasons: string[] }): NodeStack {
  const sourceFile =
    ['src/main.ts', 'src/main.tsx', 'src/main.js', 'src/main.jsx', 'src/index.js', 'src/index.jsx', 'src/index.ts', 'src/index.tsx', 'src/App.vue', 'index.html'].find(
      (f) => readIfExists(path.join(/*turbopackIgnore: true*/ root, f)) !== null,
    ) ?? null;
  found.reasons.push(
    `A ${frontEndName(frontEnd)} front end: its build is static files in ${frontEnd.outDir}/. The multi-stage image serves them with busybox httpd on alpine (no Node.js); the single-stage one runs the development server, as such images usually do.`,
  );
  return {
    language: 'node',
    buildTool: found.buildTool,
    entryPoint: frontEnd.outDir,
    entryPoints: [frontEnd.outDir],
    sourceFile,
    reasons: found.reasons,
    lockfile: found.lock,
    hasBuild: true,
    next: null,
    frontEnd,
    command: frontEnd.devCommand,
    port: frontEnd.devPort,
  };
}
