import { gunzipSync, gzipSync } from 'node:zlib';
import type { FileRow } from '@/lib/image-files/cap-rows';

// The files of every layer of an image, stored compactly with its variant: one gzip'd
// JSON array of [layer, path, bytes, change, type] per image instead of a database row
// per file. The Go sample's single-stage image (22,000 files) takes about 200 kB this way
// instead of some 9 MB of rows and index. Pages read it whole (they always did: every
// file view applies the layers' changes in memory), and a few recent images stay
// decoded in memory.

const VERSION = 1;
const CHANGES = ['added', 'modified', 'removed'] as const;
const TYPES = ['file', 'dir', 'symlink', 'hardlink', 'other'] as const;

type Encoded = [layer: number, path: string, bytes: number, change: number, type: number];

export function encodeFileIndex(rows: FileRow[]): Buffer {
  const code = <T extends string>(list: readonly T[], value: string, otherwise: T) => {
    const at = list.indexOf(value as T);
    return at === -1 ? list.indexOf(otherwise) : at;
  };
  const encoded: Encoded[] = rows.map((row) => [row.layer, row.path, Number(row.sizeBytes), code(CHANGES, row.change, 'added'), code(TYPES, row.type, 'other')]);
  return gzipSync(JSON.stringify({ v: VERSION, rows: encoded }), { level: 9 });
}

export interface IndexedFile {
  layer: number;
  path: string;
  sizeBytes: number;
  change: (typeof CHANGES)[number];
  type: (typeof TYPES)[number];
}

export function decodeFileIndex(bytes: Uint8Array): IndexedFile[] {
  const parsed = JSON.parse(gunzipSync(bytes).toString('utf8')) as { v: number; rows: Encoded[] };
  if (parsed.v !== VERSION) throw new Error(`The stored file index has version ${parsed.v}; this Shipshape reads version ${VERSION}.`);
  return parsed.rows.map(([layer, path, sizeBytes, change, type]) => ({ layer, path, sizeBytes, change: CHANGES[change] ?? 'added', type: TYPES[type] ?? 'other' }));
}

const RECENT = 8;
const cache = globalThis as unknown as { shipshapeFileIndexes?: Map<string, IndexedFile[]> };

/** The decoded index of a variant, from the few kept in memory or decoded now. */
export function cachedFileIndex(variantId: string, bytes: Uint8Array): IndexedFile[] {
  cache.shipshapeFileIndexes ??= new Map();
  const recent = cache.shipshapeFileIndexes;
  const key = `${variantId}@${bytes.byteLength}`;
  const hit = recent.get(key);
  if (hit) {
    recent.delete(key);
    recent.set(key, hit); // most recently used last
    return hit;
  }
  const decoded = decodeFileIndex(bytes);
  recent.set(key, decoded);
  while (recent.size > RECENT) recent.delete(recent.keys().next().value!);
  return decoded;
}
