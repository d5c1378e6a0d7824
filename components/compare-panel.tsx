'use client';

import { callApi } from '@/components/api-client';
import { useEffect, useState } from 'react';
import type { AnalysisJson } from '@/lib/analyses/analysis-json';
import type { Comparison } from '@/lib/image-files/compare';
import { ComparisonView } from '@/components/comparison-view';

/** The comparison of two variants: signed in, through /api/compare; on a share page, through the share link's own API. */
function compareUrl(analysisId: string, a: string, b: string, shareToken: string | undefined): string {
  if (shareToken !== undefined) return `/api/share/${encodeURIComponent(shareToken)}/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`;
  return `/api/compare?a=${encodeURIComponent(`${analysisId}:${a}`)}&b=${encodeURIComponent(`${analysisId}:${b}`)}`;
}

/** Two variants of the analysis, file by file. */
export function ComparePanel({ analysis, shareToken }: { analysis: AnalysisJson; shareToken?: string }) {
  const kinds = analysis.variants.filter((v) => v.sizeBytes !== null && v.filesError === null).map((v) => v.kind);
  const [a, setA] = useState(kinds.includes('single-stage') ? 'single-stage' : (kinds[0] ?? ''));
  const [b, setB] = useState(kinds.includes('multi-stage') ? 'multi-stage' : (kinds[1] ?? ''));
  const [result, setResult] = useState<Comparison | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!a || !b || a === b) return;
    const controller = new AbortController();
    setError(null);
    callApi<Comparison>(compareUrl(analysis.id, a, b, shareToken), { signal: controller.signal })
      .then((answer) => (answer.ok ? setResult(answer.data) : setError(answer.message)))
      .catch(() => controller.signal.aborted || setError('The comparison could not be loaded.'));
    return () => controller.abort();
  }, [analysis.id, a, b, shareToken]);

  if (kinds.length < 2) return null;
  const select = (value: string, set: (k: string) => void, label: string) => (
    <select aria-label={label} className="rounded border border-slate-300 px-2 py-1" value={value} onChange={(e) => set(e.target.value)}>
      {kinds.map((k) => (
        <option key={k}>{k}</option>
      ))}
    </select>
  );
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="compare">
      <h2 className="mb-2 font-semibold">
        Compare files: {select(a, setA, 'first variant')} → {select(b, setB, 'second variant')}
      </h2>
      {error ? <p className="text-red-700">{error}</p> : null}
      {result && a !== b ? <ComparisonView result={result} aName={a} bName={b} /> : null}
    </section>
  );
}
