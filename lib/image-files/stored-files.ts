import { getDb } from '@/lib/db';
import { cachedFileIndex } from '@/lib/image-files/file-index';

export interface StoredFile {
  size: number;
  type: string;
  /** position of the layer that wrote it (0 = newest) */
  layer: number;
}

/**
 * The file system as it stands at history position `position` (0 = the final
 * image), below `dir`: the stored changes of that layer and every layer under it,
 * applied bottom-up.
 */
export async function fileStateAt(variantId: string, position: number, dir = '/'): Promise<Map<string, StoredFile>> {
  const variant = await getDb().variant.findUnique({ where: { id: variantId }, select: { fileIndex: true } });
  if (variant?.fileIndex) {
    const under = (path: string) => dir === '/' || path === dir || path.startsWith(`${dir}/`);
    // the layers bottom-up (highest position first), each in the order it was stored
    const rows = cachedFileIndex(variantId, variant.fileIndex)
      .map((row, order) => ({ row, order }))
      .filter(({ row }) => row.layer >= position && under(row.path))
      .sort((a, b) => b.row.layer - a.row.layer || a.order - b.order);
    const state = new Map<string, StoredFile>();
    for (const { row } of rows) {
      if (row.change === 'removed') state.delete(row.path);
      else state.set(row.path, { size: row.sizeBytes, type: row.type, layer: row.layer });
    }
    return state;
  }
  return legacyFileStateAt(variantId, position, dir);
}

/** Analyses from before the compact index keep their files as one row each. */
async function legacyFileStateAt(variantId: string, position: number, dir: string): Promise<Map<string, StoredFile>> {
  const where = dir === '/' ? {} : { OR: [{ path: dir }, { path: { startsWith: `${dir}/` } }] };
  const rows = await getDb().fileChange.findMany({
    where: { variantId, layer: { gte: position }, ...where },
    orderBy: [{ layer: 'desc' }, { id: 'asc' }],
    select: { path: true, sizeBytes: true, change: true, type: true, layer: true },
  });
  const state = new Map<string, StoredFile>();
  for (const row of rows) {
    if (row.change === 'removed') state.delete(row.path);
    else state.set(row.path, { size: Number(row.sizeBytes), type: row.type, layer: row.layer });
  }
  return state;
}

export interface DirectoryEntry {
  name: string;
  path: string;
  kind: 'dir' | 'file' | 'symlink' | 'other';
  sizeBytes: number;
  /** files below it (1 for a file) */
  files: number;
  /** for files: the layer position that wrote this copy */
  layer: number | null;
}

/** The entries directly under `dir`, directories with the bytes of everything below them, largest first. */
export function listDirectory(state: Map<string, StoredFile>, dir: string): DirectoryEntry[] {
  const prefix = dir === '/' ? '/' : `${dir}/`;
  const entries = new Map<string, DirectoryEntry>();
  for (const [path, file] of state) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    const name = slash === -1 ? rest : rest.slice(0, slash);
    if (!name) continue;
    const childPath = `${prefix}${name}`;
    const isLeaf = slash === -1;
    let entry = entries.get(name);
    if (!entry) {
      entry = { name, path: childPath, kind: isLeaf ? kindOf(file.type) : 'dir', sizeBytes: 0, files: 0, layer: isLeaf ? file.layer : null };
      entries.set(name, entry);
    }
    if (!isLeaf) entry.kind = 'dir';
    if (file.type !== 'dir') {
      entry.sizeBytes += file.size;
      entry.files += 1;
    }
  }
  return [...entries.values()].sort((a, b) => b.sizeBytes - a.sizeBytes || a.name.localeCompare(b.name));
}

function kindOf(type: string): DirectoryEntry['kind'] {
  return type === 'dir' ? 'dir' : type === 'symlink' ? 'symlink' : type === 'file' || type === 'hardlink' ? 'file' : 'other';
}
