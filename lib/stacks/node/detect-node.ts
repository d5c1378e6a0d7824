import path from 'node:path';
import { findPort, isDir, readIfExists } from '@/lib/stacks/fs-helpers';
import { StackNotDetectedError, type DetectOptions, type NodeStack } from '@/lib/stacks/types';

interface PackageJson {
  name?: string;
  main?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  packageManager?: string;
}

const LOCKFILES: [string, NodeStack['buildTool']][] = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['yarn.lock', 'yarn'],
  ['pnpm-lock.yaml', 'pnpm'],
];

interface Candidate {
  entry: string;
  command: string[];
  file: string | null;
  why: string;
}

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
  const lock = LOCKFILES.find(([file]) => readIfExists(path.join(/*turbopackIgnore: true*/ root, file)) !== null);
  const declared = /^(npm|yarn|pnpm)@/.exec(pkg.packageManager ?? '')?.[1] as NodeStack['buildTool'] | undefined;
  const buildTool = lock?.[1] ?? declared ?? 'npm';
  reasons.push(
    lock
      ? `${lock[0]} pins the dependencies: installed with ${buildTool === 'npm' ? 'npm ci' : `${buildTool} --frozen-lockfile`}.`
      : `No lockfile: dependencies are resolved afresh with ${buildTool} install on every build (not reproducible; commit a lockfile).`,
  );

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

  const run = buildTool === 'npm' ? ['npm', 'start'] : [buildTool, 'start'];
  const candidates: Candidate[] = [];
  if (next?.standalone) candidates.push({ entry: 'server.js', command: ['node', 'server.js'], file: null, why: 'the standalone server.js Next.js writes' });
  const start = pkg.scripts?.start;
  const direct = start ? /^node\s+([^\s&|;]+)(.*)$/.exec(start.trim()) : null;
  if (direct && !/[&|;$]/.test(direct[2] ?? '')) {
    candidates.push({
      entry: 'start',
      command: ['node', direct[1]!, ...(direct[2] ?? '').trim().split(/\s+/).filter(Boolean)],
      file: direct[1]!,
      why: `the start script (node ${direct[1]}), run by node directly so it receives signals`,
    });
  } else if (start) {
    candidates.push({ entry: 'start', command: run, file: null, why: `the start script: ${start}` });
  }
  if (pkg.main && readIfExists(path.join(root, pkg.main)) !== null)
    candidates.push({ entry: pkg.main, command: ['node', pkg.main], file: pkg.main, why: `package.json's main, ${pkg.main}` });
  for (const file of ['server.js', 'index.js', 'app.js', 'main.js']) {
    if (readIfExists(path.join(/*turbopackIgnore: true*/ root, file)) !== null && !candidates.some((c) => c.entry === file))
      candidates.push({ entry: file, command: ['node', file], file, why: `${file}` });
  }
  if (!candidates.length) throw new StackNotDetectedError('Found package.json but nothing to run: looked for a start script, "main", and server.js/index.js/app.js/main.js.');
  const wanted = options.entryPoint;
  const chosen = wanted === undefined ? candidates[0]! : candidates.find((c) => c.entry === wanted);
  if (!chosen) throw new StackNotDetectedError(`The entry point "${wanted}" was not found. Choose one of: ${candidates.map((c) => c.entry).join(', ')}.`);
  reasons.push(`Runs ${chosen.why}.`);
  const sourceFile = chosen.file ?? candidates.find((c) => c.file)?.file ?? null;
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
    command: chosen.command,
    port: findPort(sourceFile ? [readIfExists(path.join(/*turbopackIgnore: true*/ root, sourceFile)) ?? ''] : []) ?? (next ? 3000 : null),
  };
}
