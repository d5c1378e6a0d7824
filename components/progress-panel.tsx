import type { AnalysisJson } from '@/lib/analyses/analysis-json';
import { formatBytes } from '@/lib/format';

export function ProgressPanel({ analysis }: { analysis: AnalysisJson }) {
  const progress = analysis.progress;
  const bytes = progress?.bytes;
  const pct = bytes && bytes.total ? Math.min(100, Math.round((bytes.done / bytes.total) * 100)) : progress?.step && progress.total ? Math.round((progress.step / progress.total) * 100) : null;
  return (
    <section className="rounded-lg border border-amber-200 bg-amber-50 p-4" role="status" aria-live="polite" data-testid="progress">
      <p className="font-medium text-amber-900">
        {progress?.message ?? 'Working'}
        {progress?.step && progress.total ? ` — step ${progress.step} of ${progress.total}` : ''}
        {bytes ? ` — ${formatBytes(bytes.done)} of ${formatBytes(bytes.total)}` : ''}…
      </p>
      <div className="mt-2 h-2 w-full overflow-hidden rounded bg-amber-100">
        <div
          className={`h-full bg-amber-500 transition-all ${pct === null ? 'w-1/3 animate-pulse' : ''}`}
          style={pct === null ? undefined : { width: `${pct}%` }}
        />
      </div>
      <ol className="mt-3 flex flex-wrap gap-3 text-xs text-amber-800">
        {analysis.variants.map((v) => (
          <li key={v.kind}>
            {v.kind}: {v.status}
            {v.steps && v.status === 'building' ? ` (${v.steps.current}/${v.steps.total})` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
