'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { callApi } from '@/components/api-client';
import { StatusBadge } from '@/components/status-badge';
import { useSubmitAnalysis } from '@/components/submit-analysis';
import type { AnalysisJson } from '@/lib/analyses/analysis-json';
import type { GroupAppJson } from '@/lib/analyses/group-json';
import { formatBytes, formatReduction } from '@/lib/format';

const RUNNING = new Set(['queued', 'running']);
const POLL_MS = 3000;

interface Props {
  analysis: AnalysisJson;
  /** where fresh copies of the analysis come from, while an app's analysis runs */
  pollUrl: string;
  /** links to the apps' analyses and the buttons that start them (not on share pages) */
  linked: boolean;
  canRun: boolean;
}

/**
 * A monorepo's root: the apps found in its folders, each with its analysis (started with
 * "each app") or a button that starts one. The table follows the apps' analyses until they end.
 */
export function AppsPanel({ analysis, pollUrl, linked, canRun }: Props) {
  const apps = useGroupApps(analysis.apps, pollUrl);
  const { busy, error, submit: send } = useSubmitAnalysis();
  if (!apps.length) return null;
  const { source } = analysis;
  const started = apps.some((app) => app.analysisId);
  // a git URL or a sample can be fetched again; an upload is gone once its analysis ended
  const again =
    source.type === 'git'
      ? { type: 'git', url: source.label, ref: source.ref ?? undefined }
      : source.type === 'sample'
        ? { type: 'sample', name: source.label.replace(/^sample:/, '') }
        : null;
  const within = (subdir: string) => [source.subdir, subdir].filter(Boolean).join('/');

  function submit(subdir: string | undefined, eachApp: boolean) {
    if (again)
      void send({ source: { ...again, subdir: subdir ?? source.subdir ?? undefined }, options: { ...analysis.options, entryPoint: undefined, eachApp: eachApp || undefined } });
  }

  const button = 'rounded border border-slate-300 px-2 py-0.5 text-sm hover:bg-slate-50 disabled:opacity-60';
  const offer = linked && canRun && !started;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="apps">
      <div className="mb-2 flex flex-wrap items-center gap-3">
        <h2 className="font-semibold">{started ? 'Apps of this repository, each analysed on its own' : 'Apps found in its folders'}</h2>
        {offer && again ? (
          <button type="button" className={button} disabled={busy} onClick={() => submit(undefined, true)}>
            Analyse each app
          </button>
        ) : null}
      </div>
      <table className="w-full text-left">
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="py-1">folder</th>
            <th>stack</th>
            <th>runs</th>
            <th>status</th>
            <th className="text-right">single-stage → multi-stage</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {apps.map((app) => (
            <tr key={app.subdir} className="border-t border-slate-100" data-testid={`app-${app.subdir}`}>
              <td className="py-1 font-mono">{app.subdir}</td>
              <td>{app.language}</td>
              <td className="font-mono text-xs">{app.entryPoint}</td>
              <td>{app.status ? <StatusBadge status={app.status} /> : app.analysisId ? <span className="text-slate-500">deleted</span> : null}</td>
              <td className="text-right tabular-nums">
                {app.singleStageBytes !== null && app.multiStageBytes !== null
                  ? `${formatBytes(app.singleStageBytes)} → ${formatBytes(app.multiStageBytes)}, ${formatReduction(app.singleStageBytes, app.multiStageBytes)}`
                  : ''}
              </td>
              <td className="text-right">
                {linked && app.analysisId && app.status ? (
                  <Link className="text-brand underline" href={`/analyses/${app.analysisId}`}>
                    open
                  </Link>
                ) : offer && again ? (
                  <button type="button" className={button} disabled={busy} onClick={() => submit(within(app.subdir), false)}>
                    Analyse
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {offer && !again ? <p className="mt-2 text-slate-600">Upload the archive again with “each app” ticked, or with an app&apos;s folder as its subfolder.</p> : null}
      {error ? (
        <p className="mt-2 text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/** The apps as the analysis lists them, fetched again while any of their analyses runs. */
function useGroupApps(initial: GroupAppJson[], pollUrl: string): GroupAppJson[] {
  const [apps, setApps] = useState(initial);
  useEffect(() => setApps(initial), [initial]);
  const running = apps.some((app) => app.status !== null && RUNNING.has(app.status));
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(async () => {
      const fresh = await callApi<AnalysisJson>(pollUrl, { cache: 'no-store' });
      if (fresh.ok) setApps(fresh.data.apps);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, pollUrl]);
  return apps;
}
