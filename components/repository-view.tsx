'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { callApi } from '@/components/api-client';
import { BudgetForm } from '@/components/budget-form';
import { ComparisonView } from '@/components/comparison-view';
import { HistoryChart } from '@/components/history-chart';
import { StatusBadge } from '@/components/status-badge';
import type { Comparison } from '@/lib/image-files/compare';
import type { HistoryEntryJson, RepositoryJson, RepositoryShareJson } from '@/lib/repositories/repository-json';
import { compareKinds } from '@/lib/analyses/kinds';
import { formatBytes, formatDate } from '@/lib/format';

type Repository = RepositoryJson & { history: HistoryEntryJson[]; share: RepositoryShareJson | null };

/** A repository over time: its history chart and table, two analyses compared, its budget. */
export function RepositoryView({ initial, canEdit }: { initial: Repository; canEdit: boolean }) {
  const [repository, setRepository] = useState(initial);
  const [picked, setPicked] = useState<string[]>([]);
  const kinds = [...new Set(repository.history.flatMap((h) => h.variants.map((v) => v.kind)))].sort(compareKinds);
  const [kind, setKind] = useState(kinds.includes('multi-stage') ? 'multi-stage' : (kinds[0] ?? ''));
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [error, setError] = useState<string | null>(null);

  const pick = (analysisId: string) => setPicked((current) => (current.includes(analysisId) ? current.filter((id) => id !== analysisId) : [...current, analysisId].slice(-2)));

  // the two picked analyses, oldest first, compared on the chosen image
  const order = repository.history.map((h) => h.analysisId);
  const [a, b] = [...picked].sort((x, y) => order.indexOf(x) - order.indexOf(y));
  useEffect(() => {
    setComparison(null);
    setError(null);
    if (!a || !b || !kind) return;
    const controller = new AbortController();
    callApi<Comparison>(`/api/compare?a=${encodeURIComponent(`${a}:${kind}`)}&b=${encodeURIComponent(`${b}:${kind}`)}`, { signal: controller.signal })
      .then((answer) => (answer.ok ? setComparison(answer.data) : setError(answer.message)))
      .catch(() => controller.signal.aborted || setError('The comparison could not be loaded.'));
    return () => controller.abort();
  }, [a, b, kind]);

  const latest = repository.latest;
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold break-all">{repository.name}</h1>
        <p className="mt-1 text-sm text-slate-500">
          {repository.url ?? 'uploaded'} · {repository.history.length} analyses
          {latest ? (
            <>
              {' '}
              · newest{' '}
              <Link href={`/analyses/${latest.analysisId}`} className="text-brand underline">
                {formatDate(latest.createdAt)}
              </Link>
            </>
          ) : null}
        </p>
      </header>

      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="font-semibold">Sizes over time</h2>
        <p className="text-sm text-slate-500">Solid: the image unpacked; dashed: compressed, as a push sends it. Click two points (or tick two rows) to compare them.</p>
        <HistoryChart history={repository.history} kinds={kinds} picked={picked} onPick={pick} />
      </section>

      {a && b ? (
        <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="history-compare">
          <h2 className="mb-2 font-semibold">
            Compare{' '}
            <select aria-label="image to compare" className="rounded border border-slate-300 px-2 py-1" value={kind} onChange={(e) => setKind(e.target.value)}>
              {kinds.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>{' '}
            of {formatDate(repository.history.find((h) => h.analysisId === a)!.createdAt)} → {formatDate(repository.history.find((h) => h.analysisId === b)!.createdAt)}
          </h2>
          {error ? <p className="text-red-700">{error}</p> : null}
          {comparison ? <ComparisonView result={comparison} aName="the older" bName="the newer" /> : error ? null : <p className="text-slate-500">Comparing…</p>}
        </section>
      ) : null}

      <section>
        <h2 className="mb-2 font-semibold">History</h2>
        <div className="overflow-x-auto">
          <table className="w-full rounded-lg border border-slate-200 bg-white text-left text-sm" data-testid="history">
            <thead className="bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">Compare</th>
                <th className="px-3 py-2">When</th>
                <th className="px-3 py-2">Commit</th>
                <th className="px-3 py-2">Status</th>
                {kinds.map((k) => (
                  <th key={k} className="px-3 py-2 text-right">
                    {k}
                  </th>
                ))}
                <th className="px-3 py-2">Budget</th>
              </tr>
            </thead>
            <tbody>
              {[...repository.history].reverse().map((h) => (
                <tr key={h.analysisId} className="border-t border-slate-100">
                  <td className="px-3 py-2">
                    <input
                      type="checkbox"
                      aria-label={`compare ${formatDate(h.createdAt)}`}
                      checked={picked.includes(h.analysisId)}
                      onChange={() => pick(h.analysisId)}
                      disabled={h.status !== 'succeeded'}
                    />
                  </td>
                  <td className="whitespace-nowrap px-3 py-2">
                    <Link href={`/analyses/${h.analysisId}`} className="text-brand underline">
                      {formatDate(h.createdAt)}
                    </Link>
                  </td>
                  <td className="max-w-xs truncate px-3 py-2" title={h.commit?.subject ?? undefined}>
                    {h.commit ? <code>{h.commit.sha.slice(0, 7)}</code> : null} {h.commit?.subject ?? ''}
                    {h.ref ? <span className="text-slate-400"> · {h.ref}</span> : null}
                  </td>
                  <td className="px-3 py-2">
                    <StatusBadge status={h.status} />
                  </td>
                  {kinds.map((k) => {
                    const v = h.variants.find((x) => x.kind === k);
                    return (
                      <td key={k} className="px-3 py-2 text-right" title={v?.sizeBytes === null || !v ? undefined : `${v.sizeBytes} bytes`}>
                        {v?.sizeBytes === null || v?.sizeBytes === undefined ? '–' : formatBytes(v.sizeBytes)}
                      </td>
                    );
                  })}
                  <td className="px-3 py-2" data-testid={`verdict-${h.analysisId}`}>
                    {h.verdict
                      ? h.verdict.pass
                        ? '✓ within'
                        : `✗ ${h.verdict.checks
                            .filter((c) => !c.pass)
                            .map((c) => c.rule)
                            .join(', ')}`
                      : '–'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="repository-share">
        <h2 className="font-semibold">Badge and share link</h2>
        {repository.share ? (
          <div className="mt-2 space-y-2">
            <p>
              The newest shared analysis:{' '}
              <a href={repository.share.url} className="break-all text-brand underline">
                {repository.share.url}
              </a>
            </p>
            {/* biome-ignore lint/performance/noImgElement: an SVG badge made by the server, as READMEs embed it */}
            <img src={repository.share.latestBadgeUrl} alt="size badge of the newest shared analysis" height={20} />
            <p className="text-xs text-slate-500">
              For a README (it follows the newest shared analysis): <code className="break-all">{`![image size](${repository.share.latestBadgeUrl})`}</code>
            </p>
          </div>
        ) : (
          <p className="mt-1 text-slate-500">No analysis of this repository is shared yet: share one from its page, and its link and badge show here.</p>
        )}
      </section>

      <p className="text-xs text-slate-500">
        Download the history:{' '}
        <a href={`/api/repositories/${repository.id}/export?format=csv`} className="underline">
          CSV
        </a>{' '}
        ·{' '}
        <a href={`/api/repositories/${repository.id}/export?format=json`} className="underline">
          JSON
        </a>
      </p>

      <BudgetForm repository={repository} kinds={kinds} canEdit={canEdit} onSaved={(saved) => setRepository((current) => ({ ...current, ...saved }))} />
    </div>
  );
}
