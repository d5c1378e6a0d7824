import type { FinalFile } from '@/lib/image-files/analyse-layers';

export interface TreeNode {
  name: string;
  path: string;
  size: number;
  children?: TreeNode[];
}

/**
 * The final file system by directory, for a treemap: `depth` levels deep, and in
 * each directory the `keep` largest children (the rest folded into "other").
 */
export function directoryTree(final: Map<string, FinalFile>, depth = 4, keep = 12): TreeNode {
  interface Dir {
    size: number;
    dirs: Map<string, Dir>;
    files: number;
  }
  const root: Dir = { size: 0, dirs: new Map(), files: 0 };
  for (const [path, file] of final) {
    if (file.type === 'dir' || file.size === 0) continue;
    const parts = path.split('/').filter(Boolean);
    let dir = root;
    root.size += file.size;
    for (const part of parts.slice(0, -1).slice(0, depth)) {
      let next = dir.dirs.get(part);
      if (!next) {
        next = { size: 0, dirs: new Map(), files: 0 };
        dir.dirs.set(part, next);
      }
      next.size += file.size;
      dir = next;
    }
    dir.files += file.size;
  }
  const toNode = (name: string, path: string, dir: Dir): TreeNode => {
    const children: TreeNode[] = [...dir.dirs].map(([child, d]) => toNode(child, `${path === '/' ? '' : path}/${child}`, d));
    if (dir.files > 0) children.push({ name: '(files)', path, size: dir.files });
    children.sort((a, b) => b.size - a.size);
    const kept = children.slice(0, keep);
    const rest = children.slice(keep).reduce((a, c) => a + c.size, 0);
    if (rest > 0) kept.push({ name: '(other)', path, size: rest });
    return { name, path, size: dir.size, ...(kept.length ? { children: kept } : {}) };
  };
  return toNode('/', '/', root);
}

export interface LargeFile {
  path: string;
  size: number;
  /** index of the layer (bottom first) that wrote it */
  layer: number;
}

export function largestFiles(final: Map<string, FinalFile>, count = 100): LargeFile[] {
  const files: LargeFile[] = [];
  for (const [path, file] of final) if (file.type === 'file') files.push({ path, size: file.size, layer: file.layer });
  return files.sort((a, b) => b.size - a.size).slice(0, count);
}

/** Σ content bytes of the final files under `dir`. */
export function bytesUnder(final: Map<string, FinalFile>, dir: string): { bytes: number; files: number } {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  let bytes = 0;
  let files = 0;
  for (const [path, file] of final) {
    if (file.type !== 'dir' && (path === dir || path.startsWith(prefix))) {
      bytes += file.size;
      files += 1;
    }
  }
  return { bytes, files };
}

/** A path with every symlinked component followed, as the kernel would (bounded). */
export function resolvePath(final: Map<string, FinalFile>, path: string): string {
  let parts = path.split('/').filter(Boolean);
  for (let hops = 0, i = 0; i < parts.length && hops < 40; i++) {
    const here = `/${parts.slice(0, i + 1).join('/')}`;
    const target = final.get(here)?.target;
    if (!target) continue;
    const base = target.startsWith('/') ? target : `/${[...parts.slice(0, i), target].join('/')}`;
    const resolved: string[] = [];
    for (const part of base.split('/')) {
      if (!part || part === '.') continue;
      if (part === '..') resolved.pop();
      else resolved.push(part);
    }
    parts = [...resolved, ...parts.slice(i + 1)];
    i = -1;
    hops += 1;
  }
  return `/${parts.join('/')}`;
}
