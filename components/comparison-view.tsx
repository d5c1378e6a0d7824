import type { Comparison } from '@/lib/image-files/compare';
import { formatBytes } from '@/lib/format';

/** Two images side by side: the size change, the layers each has, the largest files removed and added. */
export function ComparisonView({ result, aName, bName }: { result: Comparison; aName: string; bName: string }) {
  const t = result.files.totals;
  return (
    <div className="space-y-2">
      <p data-testid="compare-summary">
        {formatBytes(result.a.sizeBytes)} → {formatBytes(result.b.sizeBytes)} ({result.sizeDeltaBytes <= 0 ? '−' : '+'}
        {formatBytes(Math.abs(result.sizeDeltaBytes))}). Files: {t.removed} removed ({formatBytes(t.removedBytes)}), {t.added} added ({formatBytes(t.addedBytes)}), {t.changed}{' '}
        changed. Layers: {result.layers.shared} shared, {result.layers.onlyA.length} only in {aName}, {result.layers.onlyB.length} only in {bName}.
      </p>
      <div className="grid gap-4 md:grid-cols-2">
        {(
          [
            ['Largest removed', result.files.removed.map((f) => [f.path, f.sizeBytes] as const)],
            ['Added', result.files.added.map((f) => [f.path, f.sizeBytes] as const)],
          ] as const
        ).map(([title, rows]) => (
          <div key={title}>
            <h3 className="text-xs font-semibold uppercase text-slate-500">{title}</h3>
            <ul className="font-mono text-xs">
              {rows.slice(0, 10).map(([path, size]) => (
                <li key={path} className="flex justify-between gap-2 border-t border-slate-100">
                  <span className="truncate" title={path}>
                    {path}
                  </span>
                  <span className="whitespace-nowrap">{formatBytes(size)}</span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </div>
  );
}
