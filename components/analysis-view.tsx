'use client';

import type { AnalysisJson } from '@/lib/analyses/analysis-json';
import { formatBytes, formatDate, formatReduction } from '@/lib/format';
import { ProgressPanel } from '@/components/progress-panel';
import { SizeChart } from '@/components/size-chart';
import { StatusBadge } from '@/components/status-badge';
import { VariantPanel } from '@/components/variant-panel';
import { BuildTimes } from '@/components/build-times';
import { RerunButtons } from '@/components/rerun-buttons';
import { StackPanel } from '@/components/stack-panel';
import { ComparePanel } from '@/components/compare-panel';
import { LayerStackChart } from '@/components/layer-stack-chart';
import { PlatformSizes } from '@/components/platform-sizes';
import { VerdictPanel } from '@/components/verdict-panel';
import { DeleteAnalysisButton } from '@/components/delete-analysis-button';
import Link from 'next/link';
import { useAnalysis } from '@/components/use-analysis';
import { SharePanel, type SharingRights } from '@/components/share-panel';

interface Props {
  initial: AnalysisJson;
  /** where fresh copies come from: the analysis API, or the share API */
  pollUrl: string;
  /** server-sent progress and logs (not on share pages) */
  eventsUrl?: string;
  /** on a share page: the link's token, which is all its parts may use */
  shareToken?: string;
  /** in the app: what the signed-in person may do with the share link */
  sharing?: SharingRights;
  /** in the app: the signed-in person submitted it, or is an admin */
  canDelete?: boolean;
  /** in the app: the signed-in person may submit and cancel (members, admins; not viewers) */
  canRun?: boolean;
}

export function AnalysisView({ initial, pollUrl, eventsUrl, shareToken, sharing, canDelete = false, canRun = false }: Props) {
  const shared = shareToken !== undefined;
  const { analysis, stale, logs } = useAnalysis(initial, pollUrl, eventsUrl);
  const done = analysis.status === 'succeeded' || analysis.status === 'failed' || analysis.status === 'canceled';
  const built = analysis.variants.filter((v) => v.sizeBytes !== null);
  const c = analysis.comparison;

  return (
    <div className="space-y-6">
      <header>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold break-all">{analysis.source.label}</h1>
          <span data-testid="analysis-status">
            <StatusBadge status={analysis.status} />
          </span>
        </div>
        <p className="mt-1 text-sm text-slate-500">
          {analysis.repository && !shared ? (
            <>
              <Link href={`/repositories/${analysis.repository.id}`} className="text-brand underline" data-testid="repository-link">
                {analysis.repository.name}
              </Link>
              {' · '}
            </>
          ) : null}
          {analysis.commit ? `commit ${analysis.commit.sha.slice(0, 7)}${analysis.commit.subject ? ` “${analysis.commit.subject}”` : ''} · ` : ''}
          {analysis.stack ? `${analysis.stack.language} · ${analysis.stack.entryPoint} · ` : ''}
          {analysis.source.ref ? `ref ${analysis.source.ref} · ` : ''}
          {analysis.source.subdir ? `in ${analysis.source.subdir} · ` : ''}
          submitted {formatDate(analysis.createdAt)}
        </p>
        {stale ? <p className="mt-1 text-sm text-amber-700">Lost contact with the server; retrying…</p> : null}
      </header>

      {!done ? <ProgressPanel analysis={analysis} logs={logs} canCancel={!shared && canRun} /> : null}
      {analysis.error ? (
        <p className="whitespace-pre-line rounded-lg border border-red-200 bg-red-50 p-4 text-red-800" role="alert">
          {analysis.error}
        </p>
      ) : null}

      {done ? <VerdictPanel verdict={analysis.verdict} /> : null}

      {c ? (
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <p className="text-xl" data-testid="headline">
            <strong>{formatBytes(c.singleStageBytes)}</strong> vs <strong>{formatBytes(c.multiStageBytes)}</strong>, {formatReduction(c.singleStageBytes, c.multiStageBytes)}
          </p>
          <SizeChart bars={built.map((v) => ({ name: v.kind, bytes: v.sizeBytes ?? 0 }))} />
          <PlatformSizes platforms={analysis.platforms} />
          <h3 className="mt-2 text-sm font-semibold">Layers, bottom first</h3>
          <LayerStackChart variants={analysis.variants} />
          <p className="text-xs text-slate-500">
            Sizes are the engine&apos;s own, unpacked: `docker image inspect` .Size (on the containerd image store, where .Size is the compressed content, the layers as `docker
            history` lists them). Each image&apos;s panel says what the engine&apos;s CLI shows.
          </p>
        </section>
      ) : null}

      <StackPanel analysis={analysis} />
      {done ? <ComparePanel analysis={analysis} shareToken={shareToken} /> : null}
      <BuildTimes variants={analysis.variants} />
      {!shared && canRun && done ? <RerunButtons analysis={analysis} /> : null}

      {!shared && sharing ? <SharePanel analysisId={analysis.id} initial={initial.share} rights={sharing} /> : null}
      {!shared && canDelete && done ? <DeleteAnalysisButton analysisId={analysis.id} repositoryId={analysis.repository?.id ?? null} /> : null}

      {!shared && done && built.length ? (
        <p className="text-xs text-slate-500" data-testid="downloads">
          Download each image&apos;s layers and files:{' '}
          {built.map((v, i) => (
            <span key={v.kind}>
              {i ? ' · ' : ''}
              {v.kind}{' '}
              <a className="underline" href={`/api/analyses/${analysis.id}/variants/${encodeURIComponent(v.kind)}/export?what=layers&format=csv`}>
                layers
              </a>{' '}
              <a className="underline" href={`/api/analyses/${analysis.id}/variants/${encodeURIComponent(v.kind)}/export?what=files&format=csv`}>
                files
              </a>
            </span>
          ))}
        </p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        {analysis.variants.map((v) => (
          <VariantPanel key={v.kind} variant={v} logWithheld={shared && !analysis.share.includeLogs} />
        ))}
      </div>
    </div>
  );
}
