import type { Readable } from 'node:stream';
import tarStream from 'tar-stream';
import { isPackageDatabase, PACKAGE_DATABASE_MAX_BYTES } from '@/lib/image-files/packages';
import { BuildInfoScanner, type GoBuildInfo } from '@/lib/image-files/go-buildinfo';

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface LayerEntry {
  /** absolute, normalised: "/usr/local/go/bin/go" */
  path: string;
  /** content bytes (0 for directories, links and whiteouts), as dive counts them */
  size: number;
  type: EntryType;
  /** for ELF executables: the program interpreter (dynamic loader), or "" when static */
  interp?: string;
  /** for symlinks: where the link points */
  target?: string;
  /** for a package database (lib/image-files/packages.ts): its text */
  content?: string;
  /** for a Go binary: its build information (lib/image-files/go-buildinfo.ts) */
  goBuild?: GoBuildInfo;
}

export interface LayerListing {
  entries: LayerEntry[];
  /** paths removed from lower layers (".wh.<name>") */
  whiteouts: string[];
  /** directories whose lower content is hidden (".wh..wh..opq") */
  opaqueDirs: string[];
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';
const ELF_PEEK = 4096;

export function normalise(name: string): string {
  const trimmed = name.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  return `/${trimmed}`;
}

function typeOf(header: tarStream.Header): EntryType {
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'dir';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

/** The PT_INTERP of a 64-bit little-endian ELF, from its first bytes; undefined when not ELF. */
export function elfInterpreter(head: Buffer): string | undefined {
  if (head.length < 64 || head.readUInt32BE(0) !== 0x7f454c46 || head[4] !== 2 || head[5] !== 1) return undefined;
  const phoff = Number(head.readBigUInt64LE(32));
  const phentsize = head.readUInt16LE(54);
  const phnum = head.readUInt16LE(56);
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 56 > head.length) break;
    if (head.readUInt32LE(at) === 3) {
      const offset = Number(head.readBigUInt64LE(at + 8));
      const size = Number(head.readBigUInt64LE(at + 32));
      if (offset + size > head.length) return '?';
      return head
        .subarray(offset, offset + size)
        .toString('latin1')
        .replace(/\0+$/, '');
    }
  }
  return '';
}

/** Lists a layer tar as it streams past: files and sizes, whiteouts, opaque dirs, ELF loaders. */
export function readLayer(stream: Readable): Promise<LayerListing> {
  const listing: LayerListing = { entries: [], whiteouts: [], opaqueDirs: [] };
  const extract = tarStream.extract();
  return new Promise((resolve, reject) => {
    extract.on('entry', (header, entry, next) => {
      const path = normalise(header.name);
      const base = path.slice(path.lastIndexOf('/') + 1);
      const dir = path.slice(0, path.lastIndexOf('/')) || '/';
      if (base === OPAQUE) listing.opaqueDirs.push(dir);
      else if (base.startsWith(WHITEOUT)) listing.whiteouts.push(`${dir === '/' ? '' : dir}/${base.slice(WHITEOUT.length)}`);
      else {
        const type = typeOf(header);
        const record: LayerEntry = { path, size: type === 'file' ? (header.size ?? 0) : 0, type, ...(type === 'symlink' && header.linkname ? { target: header.linkname } : {}) };
        listing.entries.push(record);
        if (type === 'file' && record.size <= PACKAGE_DATABASE_MAX_BYTES && isPackageDatabase(path)) {
          const chunks: Buffer[] = [];
          entry.on('data', (data: unknown) => chunks.push(data as Buffer));
          entry.on('end', () => {
            record.content = Buffer.concat(chunks).toString('utf8');
            next();
          });
          return;
        }
        if (type === 'file' && ((header.mode ?? 0) & 0o111) !== 0 && (header.size ?? 0) >= 64) {
          const head: Buffer[] = [];
          let have = 0;
          // an ELF file is read through for Go's build information; anything else is only peeked at
          let go: BuildInfoScanner | null | undefined;
          const early: Buffer[] = [];
          entry.on('data', (data: unknown) => {
            const chunk = data as Buffer;
            if (have < ELF_PEEK) {
              head.push(chunk);
              have += chunk.length;
            }
            if (go !== undefined) return go?.push(chunk);
            early.push(chunk);
            if (have < 4) return;
            go = Buffer.concat(head).readUInt32BE(0) === 0x7f454c46 ? new BuildInfoScanner() : null;
            for (const part of early) go?.push(part);
            early.length = 0;
          });
          entry.on('end', () => {
            const interp = elfInterpreter(Buffer.concat(head).subarray(0, ELF_PEEK));
            if (interp !== undefined) record.interp = interp;
            const build = go?.found();
            if (build) record.goBuild = build;
            next();
          });
          return;
        }
      }
      entry.on('end', () => next());
      entry.resume();
    });
    extract.on('finish', () => resolve(listing));
    extract.on('error', reject);
    stream.on('error', reject);
    stream.pipe(extract);
  });
}
