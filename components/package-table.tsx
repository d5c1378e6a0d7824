'use client';

import { useState } from 'react';
import type { ImagePackage } from '@/lib/image-files/packages';
import { formatBytes } from '@/lib/format';
import type { TreeNode } from '@/lib/image-files/summarise';
import { FileTreemap } from '@/components/file-treemap';

const TILES = 12;

/** The packages as a tree for the treemap: each package manager, then its largest packages (the rest folded). */
export function packageTree(packages: ImagePackage[]): TreeNode {
  const managers = new Map<string, ImagePackage[]>();
  for (const p of packages) if (p.bytes > 0) managers.set(p.manager, [...(managers.get(p.manager) ?? []), p]);
  const children = [...managers].map(([manager, list]): TreeNode => {
    const sorted = [...list].sort((a, b) => b.bytes - a.bytes);
    const rest = sorted.slice(TILES);
    const tiles: TreeNode[] = sorted.slice(0, TILES).map((p) => ({ name: p.name, path: `/${manager}/${p.name}`, size: p.bytes }));
    if (rest.length) tiles.push({ name: `(${rest.length} more)`, path: `/${manager}/(more)`, size: rest.reduce((sum, p) => sum + p.bytes, 0) });
    return { name: manager, path: `/${manager}`, size: list.reduce((sum, p) => sum + p.bytes, 0), children: tiles };
  });
  children.sort((a, b) => b.size - a.size);
  const size = children.reduce((sum, c) => sum + c.size, 0);
  // one package manager: its packages are the first level
  return { name: 'packages', path: '/', size, children: children.length === 1 ? children[0]!.children : children };
}

const SHOWN = 12;

/** What each package of an image weighs (its files in the final image), largest first, with a filter. */
export function PackageTable({ kind, packages, imageBytes }: { kind: string; packages: ImagePackage[]; imageBytes: number | null }) {
  const [all, setAll] = useState(false);
  const [filter, setFilter] = useState('');
  if (!packages.length) return null;
  const wanted = filter.trim().toLowerCase();
  const matching = wanted ? packages.filter((p) => p.name.toLowerCase().includes(wanted)) : packages;
  const shown = all || wanted ? matching : matching.slice(0, SHOWN);
  const total = packages.reduce((sum, p) => sum + p.bytes, 0);
  const declared = packages.some((p) => p.bytesFrom === 'declared');
  return (
    <div className="mt-4" data-testid={`packages-${kind}`}>
      <div className="mb-1 flex items-center justify-between gap-2">
        <h4 className="text-sm font-semibold">Packages ({packages.length})</h4>
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="Filter packages"
          aria-label={`Filter the packages of the ${kind} image`}
          className="w-40 rounded border border-slate-300 px-2 py-0.5 text-xs"
        />
      </div>
      {packages.length > 1 ? <FileTreemap tree={packageTree(packages)} testId={`package-treemap-${kind}`} label={`What the packages of the ${kind} image weigh`} /> : null}
      <table className="w-full text-xs">
        <thead className="text-left text-slate-500">
          <tr>
            <th className="py-1 font-normal">Package</th>
            <th className="py-1 font-normal">Version</th>
            <th className="py-1 font-normal">From</th>
            <th className="py-1 text-right font-normal">Bytes</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((p) => (
            <tr key={`${p.manager}:${p.name}:${p.version ?? ''}`} className="border-t border-slate-100" data-testid="package-row">
              <td className="py-0.5 font-mono break-all">{p.name}</td>
              <td className="py-0.5 text-slate-500 break-all">{p.version ?? '–'}</td>
              <td className="py-0.5 text-slate-500">{p.manager}</td>
              <td className="py-0.5 text-right" title={`${p.bytes} bytes${p.bytesFrom === 'declared' ? ' (as its package database declares it)' : ''}`}>
                {formatBytes(p.bytes)}
                {p.bytesFrom === 'declared' ? '*' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!wanted && matching.length > SHOWN ? (
        <button type="button" className="mt-1 text-xs text-brand underline" onClick={() => setAll(!all)}>
          {all ? `Show the largest ${SHOWN}` : `Show all ${matching.length}`}
        </button>
      ) : null}
      <p className="mt-1 text-xs text-slate-500">
        Computed: each package&apos;s files as the image holds them, from its package databases (dpkg, apk, Python, node_modules, Go, jars); together {formatBytes(total)}
        {imageBytes ? ` of the image's ${formatBytes(imageBytes)}` : ''}.{declared ? ' * as its database declares it (it lists no files).' : ''}
      </p>
    </div>
  );
}

/** The packages the first image has and the second has not, largest first: "dropped gcc-12 66.6 MB, …". */
export function droppedPackages(from: ImagePackage[], to: ImagePackage[]): ImagePackage[] {
  const kept = new Set(to.map((p) => `${p.manager}:${p.name}`));
  return from.filter((p) => !kept.has(`${p.manager}:${p.name}`) && p.bytes > 0);
}
