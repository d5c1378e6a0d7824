import type { CompressedSource, ExportedLayer, ImageConfig } from '@/lib/image-files/read-image-export';
import type { EntryType } from '@/lib/image-files/read-layer';

// Stacks the layers bottom-up, as the engine's overlay does, and works out what
// each layer added, changed and removed, the final file tree, and the waste.

export type Change = 'added' | 'modified' | 'removed';

export interface FileChange {
  path: string;
  size: number;
  change: Change;
  type: EntryType;
}

export interface FinalFile {
  size: number;
  type: EntryType;
  /** index of the layer (bottom first) that wrote this copy */
  layer: number;
  interp?: string;
  target?: string;
}

export interface LayerFiles {
  diffId: string | null;
  tarBytes: number;
  compressedBytes: number | null;
  compressedSource: CompressedSource | null;
  changes: FileChange[];
  counts: Record<Change, number>;
  bytes: Record<Change, number>;
}

export interface WastedPath {
  path: string;
  wastedBytes: number;
  /** every copy, bottom first; a removal is a copy of 0 bytes */
  copies: { layer: number; size: number; removed: boolean }[];
}

export interface FileAnalysis {
  layers: LayerFiles[];
  final: Map<string, FinalFile>;
  /** content bytes of every copy of every file in every layer */
  totalBytes: number;
  /** Σ smallest copy per path ÷ Σ all copies (dive's score; 1 when nothing repeats) */
  efficiency: number;
  /** bytes of copies the final image does not show: overwritten or removed */
  wastedBytes: number;
  /** the paths that waste most, largest first */
  wasted: WastedPath[];
  user: string;
  compressedBytes: number | null;
  /** engine: every layer's blob size is the engine's own; computed: some or all were gzipped here */
  compressedSource: CompressedSource | null;
}

const TOP_WASTED = 100;

function under(path: string, dir: string): boolean {
  return dir === '/' ? path !== '/' : path.startsWith(`${dir}/`);
}

export function analyseLayers(layers: ExportedLayer[], config: ImageConfig): FileAnalysis {
  const final = new Map<string, FinalFile>();
  const copies = new Map<string, { layer: number; size: number; removed: boolean }[]>();
  const result: LayerFiles[] = [];

  const remove = (path: string, layer: number, changes: FileChange[], counts: Record<Change, number>, bytes: Record<Change, number>) => {
    const gone = final.get(path);
    if (!gone) return;
    final.delete(path);
    if (gone.type === 'dir') return;
    changes.push({ path, size: gone.size, change: 'removed', type: gone.type });
    counts.removed += 1;
    bytes.removed += gone.size;
    copies.get(path)?.push({ layer, size: 0, removed: true });
  };

  layers.forEach((layer, index) => {
    const changes: FileChange[] = [];
    const counts: Record<Change, number> = { added: 0, modified: 0, removed: 0 };
    const bytes: Record<Change, number> = { added: 0, modified: 0, removed: 0 };
    // Whiteouts and opaque directories hide what lower layers wrote; this layer's own
    // entries then land on top.
    for (const dir of layer.listing.opaqueDirs) {
      for (const path of [...final.keys()]) if (under(path, dir)) remove(path, index, changes, counts, bytes);
    }
    for (const path of layer.listing.whiteouts) {
      for (const p of [...final.keys()]) if (p === path || under(p, path)) remove(p, index, changes, counts, bytes);
    }
    for (const entry of layer.listing.entries) {
      const before = final.get(entry.path);
      final.set(entry.path, {
        size: entry.size,
        type: entry.type,
        layer: index,
        ...(entry.interp !== undefined ? { interp: entry.interp } : {}),
        ...(entry.target !== undefined ? { target: entry.target } : {}),
      });
      if (entry.type === 'dir') continue;
      const change: Change = before && before.type !== 'dir' ? 'modified' : 'added';
      changes.push({ path: entry.path, size: entry.size, change, type: entry.type });
      counts[change] += 1;
      bytes[change] += entry.size;
      const list = copies.get(entry.path);
      if (list) list.push({ layer: index, size: entry.size, removed: false });
      else copies.set(entry.path, [{ layer: index, size: entry.size, removed: false }]);
    }
    result.push({ diffId: layer.diffId, tarBytes: layer.tarBytes, compressedBytes: layer.compressedBytes, compressedSource: layer.compressedSource, changes, counts, bytes });
  });

  let totalBytes = 0;
  let smallest = 0;
  let wastedBytes = 0;
  const wasted: WastedPath[] = [];
  for (const [path, list] of copies) {
    let sum = 0;
    let min = Infinity;
    for (const c of list) {
      sum += c.size;
      min = Math.min(min, c.size);
    }
    totalBytes += sum;
    smallest += min;
    // the copy the final image shows counts once, as kept, never as waste (dive #684)
    const kept = final.get(path)?.size ?? 0;
    const waste = sum - kept;
    if (waste > 0) {
      wastedBytes += waste;
      wasted.push({ path, wastedBytes: waste, copies: list });
    }
  }
  wasted.sort((a, b) => b.wastedBytes - a.wastedBytes);
  const compressed = layers.every((l) => l.compressedBytes !== null) ? layers.reduce((a, l) => a + (l.compressedBytes ?? 0), 0) : null;
  return {
    layers: result,
    final,
    totalBytes,
    efficiency: totalBytes === 0 ? 1 : smallest / totalBytes,
    wastedBytes,
    wasted: wasted.slice(0, TOP_WASTED),
    user: config.config?.User ?? '',
    compressedBytes: compressed,
    compressedSource: compressed === null ? null : layers.every((l) => l.compressedSource === 'engine') ? 'engine' : 'computed',
  };
}
