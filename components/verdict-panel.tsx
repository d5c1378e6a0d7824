import type { Verdict } from '@/lib/repositories/verdict';
import { formatDate } from '@/lib/format';

/** The repository's budget applied to this analysis: each rule, its limit and the figure. */
export function VerdictPanel({ verdict }: { verdict: Verdict | null }) {
  if (!verdict) return null;
  return (
    <section className={`rounded-lg border p-4 text-sm ${verdict.pass ? 'border-emerald-200 bg-emerald-50' : 'border-red-200 bg-red-50'}`} data-testid="verdict">
      <h2 className="font-semibold">{verdict.pass ? '✓ Within the repository’s budget' : '✗ Over the repository’s budget'}</h2>
      <ul className="mt-1 space-y-0.5">
        {verdict.checks.map((c) => (
          <li key={`${c.rule}-${c.variant}`}>
            {c.pass ? '✓' : '✗'} {c.message}
          </li>
        ))}
      </ul>
      {verdict.baseline ? (
        <p className="mt-1 text-xs text-slate-600">
          Baseline: the analysis of {formatDate(verdict.baseline.createdAt)}
          {verdict.baseline.commit ? ` (${verdict.baseline.commit.sha.slice(0, 7)})` : ''}
          {verdict.baseline.ref ? ` on ${verdict.baseline.ref}` : ''}.
        </p>
      ) : null}
    </section>
  );
}
