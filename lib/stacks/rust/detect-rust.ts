import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { chooseEntryPoint } from '@/lib/stacks/entry-point';
import { isDir, listFiles, readIfExists } from '@/lib/stacks/fs-helpers';
import { StackNotDetectedError, type DetectOptions, type RustStack } from '@/lib/stacks/types';

interface CargoToml {
  package?: { name?: string };
  bin?: { name?: string; path?: string }[];
  lib?: unknown;
  workspace?: { members?: string[] };
}

interface BinTarget {
  package: string;
  name: string;
  /** the source file, relative to the repository root */
  file: string;
  dir: string;
}

function readCargo(file: string): CargoToml | null {
  const text = readIfExists(file);
  if (text === null) return null;
  try {
    return parseToml(text) as CargoToml;
  } catch (error) {
    throw new StackNotDetectedError(`${file.split('/').slice(-2).join('/')} is not valid TOML: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Binaries of one package: explicit [[bin]] targets, src/main.rs, and src/bin/*.rs. */
function binariesOf(root: string, dir: string, cargo: CargoToml): BinTarget[] {
  const pkg = cargo.package?.name;
  if (!pkg) return [];
  const rel = (p: string) => path.posix.join(dir, p);
  const bins: BinTarget[] = [];
  for (const bin of cargo.bin ?? []) {
    const name = bin.name ?? pkg;
    bins.push({ package: pkg, name, file: rel(bin.path ?? `src/bin/${name}.rs`), dir });
  }
  if (!bins.some((b) => b.file === rel('src/main.rs')) && readIfExists(path.join(root, dir, 'src/main.rs')) !== null) {
    bins.unshift({ package: pkg, name: pkg, file: rel('src/main.rs'), dir });
  }
  for (const file of listFiles(path.join(root, dir, 'src/bin'), (f) => /^[^/]+\.rs$/.test(f))) {
    const name = file.replace(/\.rs$/, '');
    if (!bins.some((b) => b.name === name)) bins.push({ package: pkg, name, file: rel(`src/bin/${file}`), dir });
  }
  return bins;
}

function expandMembers(root: string, members: string[]): string[] {
  const dirs: string[] = [];
  for (const member of members) {
    if (member.endsWith('/*')) {
      const parent = member.slice(0, -2);
      for (const child of listFiles(path.join(root, parent), (f) => /^[^/]+\/Cargo\.toml$/.test(f))) dirs.push(`${parent}/${child.split('/')[0]}`);
    } else if (isDir(path.join(root, member))) dirs.push(member);
  }
  return dirs;
}

export function detectRust(root: string, options: DetectOptions = {}): RustStack | null {
  const cargo = readCargo(path.join(root, 'Cargo.toml'));
  if (!cargo) return null;
  const reasons: string[] = [];
  const workspace = !!cargo.workspace;
  let bins: BinTarget[] = binariesOf(root, '', cargo);
  if (workspace) {
    const members = expandMembers(root, cargo.workspace?.members ?? []);
    reasons.push(`Cargo.toml declares a workspace of ${members.length} member${members.length === 1 ? '' : 's'} (${members.join(', ')}).`);
    for (const member of members) {
      const memberCargo = readCargo(path.join(root, member, 'Cargo.toml'));
      if (memberCargo) bins.push(...binariesOf(root, member, memberCargo));
    }
  } else {
    reasons.push(`Cargo.toml declares the package ${cargo.package?.name ?? '(unnamed)'}.`);
  }
  if (!bins.length)
    throw new StackNotDetectedError('Found Cargo.toml but no binary: looked for [[bin]] targets, src/main.rs and src/bin/*.rs (a library alone has nothing to run).');
  bins = bins.filter((b, i) => bins.findIndex((o) => o.name === b.name) === i);
  const binary = chooseEntryPoint(
    bins.map((b) => b.name),
    options.entryPoint,
    reasons,
    (name) => {
      const b = bins.find((x) => x.name === name)!;
      return `the binary ${name}${b.name !== b.package ? ` (package ${b.package})` : ''}`;
    },
  );
  const target = bins.find((b) => b.name === binary)!;
  if (target.name !== target.package) reasons.push(`The binary is named ${target.name}, not after its package ${target.package}: that is the file in target/release.`);
  const hasLib = readIfExists(path.join(root, 'src/lib.rs')) !== null;
  const simpleLayout = !workspace && target.file === 'src/main.rs' && (cargo.bin ?? []).length <= 1 && !isDir(path.join(root, 'src/bin'));
  reasons.push(
    simpleLayout
      ? "A single crate with src/main.rs: dependencies are compiled first against a placeholder main.rs, so code changes do not recompile them (the seed's cache trick)."
      : 'Not a single src/main.rs crate: dependencies are cached with BuildKit cache mounts instead of the placeholder trick.',
  );
  return {
    language: 'rust',
    buildTool: 'cargo',
    entryPoint: binary,
    entryPoints: [binary, ...bins.map((b) => b.name).filter((n) => n !== binary)],
    sourceFile: target.file,
    reasons,
    package: target.package,
    binary,
    workspace,
    hasLock: readIfExists(path.join(root, 'Cargo.lock')) !== null,
    simpleLayout,
    hasLib,
  };
}
