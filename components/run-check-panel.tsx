import type { VariantJson } from '@/lib/analyses/analysis-json';
import { runCheckSummary } from '@/lib/analyses/run-check-words';
import { formatBytes } from '@/lib/format';

/** What happened when the image was started: what it did, whether it behaved like its twins, its first lines. */
export function RunCheckPanel({ variant, logWithheld }: { variant: VariantJson; logWithheld: boolean }) {
  const check = variant.runCheck;
  if (!check) {
    if (variant.status !== 'succeeded') return null;
    return (
      <p className="mt-3 text-sm text-slate-500" data-testid={`run-check-${variant.kind}`}>
        Not run{variant.platform ? `: built for ${variant.platform}, which this engine does not run` : ''}.
      </p>
    );
  }
  const ok = check.outcome === 'running' ? check.http?.status !== null && check.http?.status !== undefined : check.outcome === 'exited' && check.exitCode === 0;
  const comparisons = variant.runCheckComparisons;
  return (
    <div className="mt-3 rounded border border-slate-200 p-2 text-sm" data-testid={`run-check-${variant.kind}`}>
      <p>
        <span className={ok ? 'text-emerald-700' : 'text-red-700'} aria-hidden="true">
          {ok ? '✓ ' : '✗ '}
        </span>
        Run: {runCheckSummary(check)}
        {check.http?.status ? <span className="text-slate-500"> · {formatBytes(check.http.bytes)}</span> : null}
        {comparisons.map((c) => (
          <span key={c.against} className={c.same ? 'text-slate-500' : 'text-red-700'} data-testid={`run-check-${variant.kind}-vs-${c.against}`}>
            {c.same ? `, like the ${c.against} image` : `; unlike the ${c.against} image: ${c.differences.join('; ')}`}
          </span>
        ))}
      </p>
      {check.ports.length ? (
        <p className="text-xs text-slate-500">
          Listening on {check.ports.map((p) => `${p.loopbackOnly ? p.address : ''}:${p.port}`).join(', ')}
          {check.ports.some((p) => p.loopbackOnly) ? ' (a loopback address: nothing outside the container reaches it)' : ''}
        </p>
      ) : null}
      {check.output && !logWithheld ? (
        <details className="mt-1">
          <summary className="cursor-pointer text-xs text-slate-600">First lines it printed</summary>
          <pre className="mt-1 max-h-48 overflow-auto rounded bg-slate-100 p-2 text-xs">{check.output}</pre>
        </details>
      ) : null}
    </div>
  );
}
