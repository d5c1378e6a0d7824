import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { GO_DEFAULT_VERSION } from '@/lib/base-images/catalog';
import { chooseEntryPoint } from '@/lib/stacks/entry-point';
import { findPort } from '@/lib/stacks/fs-helpers';
import { goListenFix } from '@/lib/stacks/listen-address';
import { StackNotDetectedError, type DetectOptions, type GoStack } from '@/lib/stacks/types';

export interface GoMod {
  module: string;
  goVersion: string | null;
  requires: number;
}

export function parseGoMod(text: string): GoMod {
  const noComments = text.replace(/\/\/.*$/gm, '');
  const module = /^\s*module\s+"?([^\s"]+)"?/m.exec(noComments)?.[1] ?? '';
  const goVersion = /^\s*go\s+(\d+\.\d+(?:\.\d+)?)/m.exec(noComments)?.[1] ?? null;
  const block = /^\s*require\s*\(([\s\S]*?)\)/gm;
  let requires = 0;
  for (const m of noComments.matchAll(block)) requires += (m[1] ?? '').split('\n').filter((l) => l.trim()).length;
  requires += (noComments.match(/^\s*require\s+[^\s(]+/gm) ?? []).length;
  return { module, goVersion, requires };
}

function minor(version: string): [number, number] {
  const [major = '0', min = '0'] = version.split('.');
  return [Number(major), Number(min)];
}

/** The catalog's Go unless go.mod asks for a newer release (then that major.minor). */
export function chooseGoVersion(goModVersion: string | null): string {
  if (!goModVersion) return GO_DEFAULT_VERSION;
  const [wantMajor, wantMinor] = minor(goModVersion);
  const [baseMajor, baseMinor] = minor(GO_DEFAULT_VERSION);
  const newer = wantMajor > baseMajor || (wantMajor === baseMajor && wantMinor > baseMinor);
  return newer ? `${wantMajor}.${wantMinor}` : GO_DEFAULT_VERSION;
}

function goFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
    .map((f) => path.join(dir, f));
}

function isMainPackage(dir: string): boolean {
  return goFiles(dir).some((f) => /^\s*package\s+main\b/m.test(readFileSync(f, 'utf8')));
}

function usesCgo(root: string): boolean {
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!['vendor', '.git', 'testdata', 'node_modules'].includes(entry.name)) stack.push(path.join(dir, entry.name));
      } else if (entry.name.endsWith('.go') && !entry.name.endsWith('_test.go')) {
        if (/^\s*import\s+(?:\(\s*[^)]*)?"C"/m.test(readFileSync(path.join(dir, entry.name), 'utf8'))) return true;
      }
    }
  }
  return false;
}

/** The import paths of Go sources that are not the standard library's (their first element has a dot). */
function thirdPartyImports(sources: string[]): string[] {
  const found = new Set<string>();
  for (const source of sources) {
    for (const block of source.matchAll(/^\s*import\s*(?:\(([^)]*)\)|([^\n]*))/gm)) {
      for (const spec of (block[1] ?? block[2] ?? '').matchAll(/"([^"]+)"/g)) if (spec[1]!.split('/')[0]!.includes('.')) found.add(spec[1]!);
    }
  }
  return [...found];
}

/**
 * A program written before modules: `package main` in the root and no go.mod. The
 * build starts a module of its own, which holds while it imports only the standard
 * library (with other imports there is nothing that pins their versions).
 */
function moduleless(root: string): GoMod | null {
  if (!isMainPackage(root)) return null;
  const others = thirdPartyImports(goFiles(root).map((f) => readFileSync(f, 'utf8')));
  if (others.length) {
    throw new StackNotDetectedError(
      `Found a Go program (package main) without go.mod, importing ${others.slice(0, 3).join(', ')}: without go.mod nothing says which versions to build with. Add go.mod and go.sum (go mod init, then go mod tidy).`,
    );
  }
  return { module: 'app', goVersion: null, requires: 0 };
}

/** Reads a Go module the way its maintainer would; null when there is neither go.mod nor a Go program in the root. */
export function detectGo(root: string, options: DetectOptions = {}): GoStack | null {
  const goModPath = path.join(root, 'go.mod');
  const hasGoMod = existsSync(goModPath);
  const mod = hasGoMod ? parseGoMod(readFileSync(goModPath, 'utf8')) : moduleless(root);
  if (!mod) return null;
  const reasons = hasGoMod
    ? [`go.mod declares module ${mod.module || '(unnamed)'}${mod.goVersion ? ` for Go ${mod.goVersion}` : ''}.`]
    : ['A Go program (package main) without go.mod, importing only the standard library: the build starts a module for it (go mod init app).'];

  const entryPoints: string[] = [];
  if (isMainPackage(root)) entryPoints.push('.');
  const cmdDir = path.join(root, 'cmd');
  if (existsSync(cmdDir) && statSync(cmdDir).isDirectory()) {
    for (const name of readdirSync(cmdDir).sort()) {
      if (isMainPackage(path.join(cmdDir, name))) entryPoints.push(`./cmd/${name}`);
    }
  }
  if (!entryPoints.length) {
    throw new StackNotDetectedError('Found go.mod but no main package: looked for `package main` in the module root and in cmd/<name>/.');
  }
  const entryPoint = chooseEntryPoint(entryPoints, options.entryPoint, reasons, (e) => (e === '.' ? 'the module root' : e.slice(2)));

  const moduleTail = mod.module.split('/').pop() ?? '';
  const rawBinary = entryPoint === '.' ? moduleTail : path.posix.basename(entryPoint);
  const binary = rawBinary.replace(/[^A-Za-z0-9._-]/g, '') || 'app';

  const goVersion = chooseGoVersion(mod.goVersion);
  if (goVersion !== GO_DEFAULT_VERSION) reasons.push(`go.mod asks for Go ${mod.goVersion}, newer than ${GO_DEFAULT_VERSION}: the builder uses golang:${goVersion}.`);

  const vendored = existsSync(path.join(root, 'vendor', 'modules.txt'));
  if (vendored) reasons.push('vendor/ holds the dependencies: no module download, built with -mod=vendor.');
  const hasGoSum = existsSync(path.join(root, 'go.sum'));
  const cgo = usesCgo(root);
  if (cgo) reasons.push('A source file imports "C" (cgo): the binary needs a C library at run time.');
  const sources = goFiles(path.join(root, entryPoint)).map((f) => readFileSync(f, 'utf8'));
  const port = findPort(sources);
  const listenFix = goListenFix(sources);
  if (listenFix) reasons.push(listenFix.reason);

  const mainFile = goFiles(path.join(root, entryPoint)).find((f) => /^\s*package\s+main\b/m.test(readFileSync(f, 'utf8')));
  return {
    language: 'go',
    buildTool: 'go',
    module: mod.module,
    goVersion,
    entryPoint,
    entryPoints: [entryPoint, ...entryPoints.filter((e) => e !== entryPoint)],
    sourceFile: mainFile ? path.relative(root, mainFile) : null,
    binary,
    vendored,
    hasGoSum,
    hasGoMod,
    hasDependencies: mod.requires > 0,
    usesCgo: cgo,
    port,
    reasons,
    ...(listenFix && (listenFix.args.length || Object.keys(listenFix.env).length) ? { listen: { args: listenFix.args, env: listenFix.env } } : {}),
  };
}
