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

export type ChangeKind = 'added' | 'modified' | 'removed';

export interface LayerChangeEntry extends DirectoryEntry {
  /** for a file: what the layer did to it */
  change: ChangeKind | null;
  /** files below it that the layer added, modified and removed */
  changes: Record<ChangeKind, number>;
}

/**
 * What one layer (history position) did below `dir`, one entry per child: bytes it
 * wrote there (a removed file counts nothing), largest first.
 */
export async function layerChanges(variantId: string, position: number, dir = '/'): Promise<LayerChangeEntry[]> {
  const variant = await getDb().variant.findUnique({ where: { id: variantId }, select: { fileIndex: true } });
  const prefix = dir === '/' ? '/' : `${dir}/`;
  const rows = variant?.fileIndex
    ? cachedFileIndex(variantId, variant.fileIndex).filter((row) => row.layer === position && row.path.startsWith(prefix))
    : (
        await getDb().fileChange.findMany({
          where: { variantId, layer: position, path: { startsWith: prefix } },
          select: { path: true, sizeBytes: true, change: true, type: true, layer: true },
        })
      ).map((row) => ({ ...row, sizeBytes: Number(row.sizeBytes) }));
  const entries = new Map<string, LayerChangeEntry>();
  for (const row of rows) {
    const rest = row.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    const name = slash === -1 ? rest : rest.slice(0, slash);
    if (!name) continue;
    const isLeaf = slash === -1;
    const change = row.change as ChangeKind;
    let entry = entries.get(name);
    if (!entry) {
      entry = {
        name,
        path: `${prefix}${name}`,
        kind: isLeaf ? kindOf(row.type) : 'dir',
        sizeBytes: 0,
        files: 0,
        layer: position,
        change: isLeaf ? change : null,
        changes: { added: 0, modified: 0, removed: 0 },
      };
      entries.set(name, entry);
    }
    if (!isLeaf) {
      entry.kind = 'dir';
      entry.change = null;
    }
    if (row.type !== 'dir') {
      entry.sizeBytes += row.sizeBytes;
      entry.files += 1;
      entry.changes[change] += 1;
    }
  }
  return [...entries.values()].sort((a, b) => b.sizeBytes - a.sizeBytes || a.name.localeCompare(b.name));
}
