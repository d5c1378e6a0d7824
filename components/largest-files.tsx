'use client';

import { useState } from 'react';
import type { VariantJson } from '@/lib/analyses/analysis-json';
import { formatBytes } from '@/lib/format';

type Key = 'size' | 'path' | 'layer';

/** The largest files of the final image, sortable. */
export function LargestFiles({ files }: { files: VariantJson['largestFiles'] }) {
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'size', desc: true });
  const sorted = [...files].sort((a, b) => {
    const d = sort.key === 'path' ? a.path.localeCompare(b.path) : (a[sort.key] ?? -1) - (b[sort.key] ?? -1);
    return sort.desc ? -d : d;
  });
  const header = (key: Key, label: string, className = '') => (
    <th className={`py-1 ${className}`}>
      <button type="button" className="uppercase hover:text-slate-900" onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : key !== 'path' })}>
        {label}
        {sort.key === key ? (sort.desc ? ' ↓' : ' ↑') : ''}
      </button>
    </th>
  );
  return (
    <table className="w-full table-fixed text-left text-xs" data-testid="largest-files">
      <thead className="text-slate-500">
        <tr>
          {header('size', 'Size', 'w-20 text-right pr-3')}
          {header('path', 'Path')}
          {header('layer', 'Layer', 'w-14 text-right')}
        </tr>
      </thead>
      <tbody className="font-mono">
        {sorted.slice(0, 50).map((f) => (
          <tr key={f.path} className="border-t border-slate-100">
            <td className="py-0.5 pr-3 text-right whitespace-nowrap">{formatBytes(f.size)}</td>
            <td className="truncate py-0.5" title={f.path}>
              {f.path}
            </td>
            <td className="py-0.5 text-right">{f.layer ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
