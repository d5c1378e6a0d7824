'use client';

import type { AnalysisJson } from '@/lib/analyses/analysis-json';
import type { AnalysisOptions } from '@/lib/analyses/options';
import { useSubmitAnalysis } from '@/components/submit-analysis';

/** The same source again with other options: another entry point, the alternative bases. */
export function RerunButtons({ analysis }: { analysis: AnalysisJson }) {
  const { busy, error, submit } = useSubmitAnalysis();
  const { source, stack, options } = analysis;
  if (!stack || source.type === 'archive') return null;
  const base = source.type === 'sample' ? { type: 'sample', name: source.label.replace(/^sample:/, '') } : { type: 'git', url: source.label, ref: source.ref ?? undefined };

  function rerun(extra: AnalysisOptions) {
    void submit({ source: { ...base, subdir: source.subdir ?? undefined }, options: { ...options, ...extra } });
  }

  const otherEntries = stack.entryPoints.filter((e) => e !== stack.entryPoint);
  const canAlternatives = !options.alternatives && (stack.alternativeBases?.length ?? 0) > 0;
  if (!otherEntries.length && !canAlternatives) return null;
  const button = 'rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50 disabled:opacity-60';
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <h2 className="mb-2 font-semibold">Try another way</h2>
      <div className="flex flex-wrap gap-2">
        {canAlternatives ? (
          <button type="button" className={button} disabled={busy} onClick={() => rerun({ alternatives: true })}>
            Compare final bases ({[stack.finalBase?.image, ...(stack.alternativeBases ?? [])].join(', ')})
          </button>
        ) : null}
        {otherEntries.map((entry) => (
          <button key={entry} type="button" className={button} disabled={busy} onClick={() => rerun({ entryPoint: entry })}>
            Analyse {entry}
          </button>
        ))}
      </div>
      {error ? (
        <p className="mt-2 text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
