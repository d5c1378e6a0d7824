'use client';

import { callApi } from '@/components/api-client';
import { useEffect, useRef, useState } from 'react';
import type { AnalysisJson } from '@/lib/analyses/analysis-json';
import { formatBytes } from '@/lib/format';

function percentOf(progress: AnalysisJson['progress']): number | null {
  if (!progress) return null;
  if (progress.bytes?.total) return Math.min(100, Math.round((progress.bytes.done / progress.bytes.total) * 100));
  if (progress.step && progress.total) return Math.round((progress.step / progress.total) * 100);
  if (progress.percent !== undefined) return progress.percent;
  return null;
}

function Bar({ percent, label }: { percent: number | null; label: string }) {
  return (
    <div
      className="mt-1 h-2 w-full overflow-hidden rounded bg-amber-100"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
    >
      <div className={`h-full bg-amber-500 transition-all ${percent === null ? 'w-1/3 animate-pulse' : ''}`} style={percent === null ? undefined : { width: `${percent}%` }} />
    </div>
  );
}

function CancelButton({ id }: { id: string }) {
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState<string | null>(null);
  const cancel = async () => {
    setState('sending');
    setError(null);
    const result = await callApi(`/api/analyses/${id}/cancel`, { method: 'POST' });
    if (result.ok) return setState('sent');
    setError(result.message);
    setState('idle');
  };
  return (
    <div className="text-right">
      <button
        type="button"
        onClick={cancel}
        disabled={state !== 'idle'}
        className="rounded border border-red-300 bg-white px-3 py-1 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60"
      >
        {state === 'idle' ? 'Cancel' : 'Canceling…'}
      </button>
      {error ? (
        <p className="mt-1 text-xs text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function LiveLog({ kind, text }: { kind: string; text: string }) {
  const ref = useRef<HTMLPreElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolls to the end whenever the text grows
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [text]);
  return (
    <div>
      <h3 className="text-xs font-semibold text-amber-900">{kind} build log</h3>
      <pre ref={ref} className="mt-1 max-h-64 overflow-auto rounded bg-slate-900 p-2 text-xs text-slate-100" data-testid={`live-log-${kind}`}>
        {text}
      </pre>
    </div>
  );
}

/** While the analysis runs: the phase, a bar per phase and variant, the streamed log, Cancel. */
export function ProgressPanel({ analysis, logs, canCancel }: { analysis: AnalysisJson; logs: Record<string, string>; canCancel: boolean }) {
  const progress = analysis.progress;
  const bytes = progress?.bytes;
  const building = analysis.variants.find((v) => v.status === 'building');
  const shownLog = building ?? analysis.variants.find((v) => logs[v.kind]);
  return (
    <section className="space-y-3 rounded-lg border border-amber-200 bg-amber-50 p-4" role="status" aria-live="polite" data-testid="progress">
      <div className="flex items-start justify-between gap-4">
        <div className="flex-1">
          <p className="font-medium text-amber-900" data-testid="progress-message">
            {progress?.message ?? 'Working'}
            {progress?.step && progress.total ? ` — step ${progress.step} of ${progress.total}` : ''}
            {bytes ? ` — ${formatBytes(bytes.done)} of ${formatBytes(bytes.total)}` : ''}
            {progress?.percent !== undefined && !progress.step && !bytes ? ` — ${progress.percent} %` : ''}…
          </p>
          <Bar percent={percentOf(progress)} label={progress?.message ?? 'progress'} />
        </div>
        {canCancel ? <CancelButton id={analysis.id} /> : null}
      </div>
      <ol className="grid gap-2 text-xs text-amber-800 sm:grid-cols-2">
        {analysis.variants.map((v) => (
          <li key={v.kind} data-testid={`variant-progress-${v.kind}`}>
            {v.kind}: {v.status}
            {v.steps ? ` — step ${v.steps.current} of ${v.steps.total}` : ''}
            <Bar
              percent={v.status === 'succeeded' ? 100 : v.steps ? Math.round((v.steps.current / v.steps.total) * 100) : v.status === 'pending' ? 0 : null}
              label={`${v.kind} build`}
            />
          </li>
        ))}
      </ol>
      {shownLog && logs[shownLog.kind] ? <LiveLog kind={shownLog.kind} text={logs[shownLog.kind]!} /> : null}
    </section>
  );
}
