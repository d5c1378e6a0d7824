import path from 'node:path';
import type { FinalFile } from '@/lib/image-files/analyse-layers';
import type { GoBuildInfo } from '@/lib/image-files/go-buildinfo';

// What each package weighs, from the image's own package databases: dpkg (status and
// each package's .list of files), apk (installed, with its files), Python
// (*.dist-info/RECORD), Node.js (node_modules/<name>/package.json), a Go toolchain
// (go/VERSION), jars, and the modules Go compiled into each binary (its build information).
// A package's bytes are its files as they are in the final image
// (the sizes the file analysis read), so they add up to what the image holds; only
// where a database names no files (distroless's status.d) is its declared size used,
// and `bytesFrom` says so.

export type PackageManager = 'dpkg' | 'apk' | 'python' | 'npm' | 'go' | 'jar';

export interface ImagePackage {
  name: string;
  version: string | null;
  manager: PackageManager;
  bytes: number;
  /**
   * files: the package's files in the final image; declared: the size its database gives (no
   * file list); binary: compiled into the binary `in` (a Go module), whose share of it is not known
   */
  bytesFrom: 'files' | 'declared' | 'binary';
  /** for Go modules: the binary they are in */
  in?: string;
}

/** The files whose contents the package analysis reads (small text files). */
export function isPackageDatabase(file: string): boolean {
  return (
    file === '/var/lib/dpkg/status' ||
    /^\/var\/lib\/dpkg\/status\.d\/[^/]+$/.test(file) ||
    /^\/var\/lib\/dpkg\/info\/[^/]+\.list$/.test(file) ||
    file === '/lib/apk/db/installed' ||
    /\/(site|dist)-packages\/[^/]+\.dist-info\/RECORD$/.test(file) ||
    /\/node_modules\/(@[^/]+\/)?[^/@.][^/]*\/package\.json$/.test(file) ||
    /\/go\/VERSION$/.test(file)
  );
}

/** The most of one database file read (a dpkg status of a large image is ~1 MB). */
export const PACKAGE_DATABASE_MAX_BYTES = 8 * 1024 * 1024;

type Files = ReadonlyMap<string, FinalFile>;

const sizeOf = (files: Files, file: string) => {
  const found = files.get(file);
  return found && found.type === 'file' ? found.size : 0;
};

/** Debian control paragraphs: "Field: value" lines, continuation lines dropped. */
function paragraphs(text: string): Record<string, string>[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => {
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        const match = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
        if (match) fields[match[1]!] = match[2]!;
      }
      return fields;
    })
    .filter((fields) => fields.Package);
}

function dpkgPackages(files: Files, contents: ReadonlyMap<string, string>): ImagePackage[] {
  const out: ImagePackage[] = [];
  const databases = [...contents.keys()].filter((file) => file === '/var/lib/dpkg/status' || file.startsWith('/var/lib/dpkg/status.d/'));
  for (const database of databases) {
    for (const fields of paragraphs(contents.get(database)!)) {
      if (fields.Status && !/\binstalled$/.test(fields.Status)) continue;
      const name = fields.Package!;
      const list = contents.get(`/var/lib/dpkg/info/${name}.list`) ?? contents.get(`/var/lib/dpkg/info/${name}:${fields.Architecture ?? ''}.list`);
      if (list !== undefined) {
        const bytes = list.split('\n').reduce((sum, file) => sum + (file ? sizeOf(files, file) : 0), 0);
        out.push({ name, version: fields.Version ?? null, manager: 'dpkg', bytes, bytesFrom: 'files' });
      } else if (fields['Installed-Size']) {
        out.push({ name, version: fields.Version ?? null, manager: 'dpkg', bytes: Number(fields['Installed-Size']) * 1024, bytesFrom: 'declared' });
      }
    }
  }
  return out;
}

function apkPackages(files: Files, contents: ReadonlyMap<string, string>): ImagePackage[] {
  const text = contents.get('/lib/apk/db/installed');
  if (!text) return [];
  return text
    .split(/\n\s*\n/)
    .map((block) => {
      let name = '';
      let version: string | null = null;
      let folder = '';
      let bytes = 0;
      for (const line of block.split('\n')) {
        const [key, value = ''] = [line.slice(0, 2), line.slice(2)];
        if (key === 'P:') name = value;
        else if (key === 'V:') version = value;
        else if (key === 'F:') folder = value;
        else if (key === 'R:') bytes += sizeOf(files, `/${folder ? `${folder}/` : ''}${value}`);
      }
      return { name, version, manager: 'apk' as const, bytes, bytesFrom: 'files' as const };
    })
    .filter((p) => p.name);
}

function pythonPackages(files: Files, contents: ReadonlyMap<string, string>): ImagePackage[] {
  const out: ImagePackage[] = [];
  for (const [file, text] of contents) {
    const match = /\/((?:site|dist)-packages)\/([^/]+)\.dist-info\/RECORD$/.exec(file);
    if (!match) continue;
    const sitePackages = file.slice(0, file.indexOf(`/${match[1]}/`) + match[1]!.length + 1);
    // <name>-<version>.dist-info, the name's dashes written as underscores
    const [, name = match[2]!, version = null] = /^(.+?)-([^-]+)$/.exec(match[2]!) ?? [];
    const seen = new Set<string>();
    let bytes = 0;
    for (const line of text.split('\n')) {
      const recorded = line.split(',')[0];
      if (!recorded) continue;
      const resolved = path.posix.resolve(sitePackages, recorded);
      if (seen.has(resolved)) continue;
      seen.add(resolved);
      bytes += sizeOf(files, resolved);
    }
    out.push({ name, version, manager: 'python', bytes, bytesFrom: 'files' });
  }
  return out;
}

/** The node_modules package folder a file belongs to (the deepest), or null. */
function nodePackageDir(file: string): string | null {
  const at = file.lastIndexOf('/node_modules/');
  if (at === -1) return null;
  const rest = file.slice(at + '/node_modules/'.length).split('/');
  const parts = rest[0]?.startsWith('@') ? 2 : 1;
  if (rest.length <= parts) return null;
  return `${file.slice(0, at)}/node_modules/${rest.slice(0, parts).join('/')}`;
}

function npmPackages(files: Files, contents: ReadonlyMap<string, string>): ImagePackage[] {
  const found = new Map<string, ImagePackage>();
  for (const [file, text] of contents) {
    if (!file.endsWith('/package.json')) continue;
    const dir = file.slice(0, -'/package.json'.length);
    if (nodePackageDir(file) !== dir) continue;
    let manifest: { name?: unknown; version?: unknown } = {};
    try {
      manifest = JSON.parse(text) as typeof manifest;
    } catch {
      // a broken package.json still names its folder
    }
    const name = typeof manifest.name === 'string' && manifest.name ? manifest.name : dir.slice(dir.lastIndexOf('/node_modules/') + '/node_modules/'.length);
    found.set(dir, { name, version: typeof manifest.version === 'string' ? manifest.version : null, manager: 'npm', bytes: 0, bytesFrom: 'files' });
  }
  if (!found.size) return [];
  for (const [file, entry] of files) {
    if (entry.type !== 'file') continue;
    const dir = nodePackageDir(file);
    const pkg = dir ? found.get(dir) : undefined;
    if (pkg) pkg.bytes += entry.size;
  }
  return [...found.values()];
}

function goToolchains(files: Files, contents: ReadonlyMap<string, string>, owned: ReadonlySet<string>): ImagePackage[] {
  const out: ImagePackage[] = [];
  for (const [file, text] of contents) {
    if (!file.endsWith('/go/VERSION')) continue;
    const root = file.slice(0, -'/VERSION'.length);
    if (!files.has(`${root}/bin/go`) || owned.has(file)) continue;
    const version = /^go[\d.]+\S*/.exec(text.trim())?.[0] ?? null;
    let bytes = 0;
    for (const [other, entry] of files) if (entry.type === 'file' && other.startsWith(`${root}/`)) bytes += entry.size;
    out.push({ name: 'go', version: version?.replace(/^go/, '') ?? null, manager: 'go', bytes, bytesFrom: 'files' });
  }
  return out;
}

function jars(files: Files): ImagePackage[] {
  const out: ImagePackage[] = [];
  for (const [file, entry] of files) {
    if (entry.type !== 'file' || !file.endsWith('.jar')) continue;
    const base = file.slice(file.lastIndexOf('/') + 1, -'.jar'.length);
    const match = /^(.+?)-(\d[\w.+-]*)$/.exec(base);
    out.push({ name: match ? match[1]! : base, version: match ? match[2]! : null, manager: 'jar', bytes: entry.size, bytesFrom: 'files' });
  }
  return out;
}

/** Each Go binary's main module (the binary's bytes) and the modules compiled into it (their share unknown). */
function goModules(files: Files, builds: ReadonlyMap<string, GoBuildInfo>): ImagePackage[] {
  const out: ImagePackage[] = [];
  for (const [binary, build] of builds) {
    // the Go toolchain's own commands name no main module
    if (!build.main) continue;
    out.push({ name: build.main.path, version: build.main.version || null, manager: 'go', bytes: sizeOf(files, binary), bytesFrom: 'files', in: binary });
    for (const dep of build.deps) out.push({ name: dep.path, version: dep.version || null, manager: 'go', bytes: 0, bytesFrom: 'binary', in: binary });
  }
  return out;
}

/**
 * Every package the image's databases name, largest first. `contents` holds the final
 * image's package database files (those isPackageDatabase picks), by path; `goBuilds` the
 * build information of its Go binaries.
 */
export function imagePackages(files: Files, contents: ReadonlyMap<string, string>, goBuilds: ReadonlyMap<string, GoBuildInfo> = new Map()): ImagePackage[] {
  const dpkg = dpkgPackages(files, contents);
  // files a dpkg package owns are not counted again as a toolchain of their own
  const owned = new Set<string>();
  for (const [file, text] of contents) if (file.startsWith('/var/lib/dpkg/info/') && file.endsWith('.list')) for (const line of text.split('\n')) if (line) owned.add(line);
  const all = [
    ...dpkg,
    ...apkPackages(files, contents),
    ...pythonPackages(files, contents),
    ...npmPackages(files, contents),
    ...goToolchains(files, contents, owned),
    ...jars(files),
    ...goModules(files, goBuilds),
  ];
  return all.sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
}
