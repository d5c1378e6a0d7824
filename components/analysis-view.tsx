'use client';

import type { AnalysisJson } from '@/lib/analyses/analysis-json';
import type { SavingSplit } from '@/lib/analyses/savings';
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
import { LayerBrowser } from '@/components/layer-browser';
import { ImageHeadline } from '@/components/image-headline';
import { AppsPanel } from '@/components/apps-panel';
import { droppedPackages } from '@/components/package-table';
import type { VariantJson } from '@/lib/analyses/analysis-json';

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
  // one axis for the size chart and the layer chart
  const maxBytes = Math.max(0, ...built.map((v) => v.sizeBytes ?? 0));
  // the multi-stage image's run check against the single-stage one's (undefined: not run)
  const multiBehaves = analysis.variants.find((v) => v.kind === 'multi-stage')?.runCheckComparisons.find((r) => r.against === 'single-stage')?.same;

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
          {analysis.group && !shared ? (
            <>
              an app of{' '}
              <Link href={`/analyses/${analysis.group.id}`} className="text-brand underline" data-testid="group-link">
                the repository&apos;s analysis
              </Link>
              {' · '}
            </>
          ) : null}
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

      <AppsPanel analysis={analysis} pollUrl={pollUrl} linked={!shared} canRun={canRun} />

      {done ? <VerdictPanel verdict={analysis.verdict} /> : null}
      {done && analysis.warnings.length ? (
        <ul className="space-y-1 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="warnings">
          {analysis.warnings.map((w) => (
            <li key={`${w.topic}:${w.message}`}>{w.message}</li>
          ))}
        </ul>
      ) : null}

      {c ? (
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <p className="text-xl" data-testid="headline">
            <strong>{formatBytes(c.singleStageBytes)}</strong> vs <strong>{formatBytes(c.multiStageBytes)}</strong>, {formatReduction(c.singleStageBytes, c.multiStageBytes)}
            {multiBehaves === false ? <span className="text-red-700">, but the multi-stage image does not behave like the single-stage one</span> : null}
          </p>
          <SavingLine split={c.savings.find((x) => x.against === 'single-stage')} />
          <DroppedLine variants={analysis.variants} />
          {c.repositoryBytes !== null ? (
            <p className="text-sm" data-testid="headline-repository">
              Your Dockerfile: <strong>{formatBytes(c.repositoryBytes)}</strong> → Shipshape&apos;s multi-stage: <strong>{formatBytes(c.multiStageBytes)}</strong>,{' '}
              {formatReduction(c.repositoryBytes, c.multiStageBytes)}
              <SavingLine split={c.savings.find((x) => x.against === 'repository')} />
            </p>
          ) : null}
          <SizeChart bars={built.map((v) => ({ name: v.kind, bytes: v.sizeBytes ?? 0 }))} maxBytes={maxBytes} />
          <PlatformSizes platforms={analysis.platforms} />
          <h3 className="mt-2 text-sm font-semibold">Layers, bottom first</h3>
          <LayerStackChart variants={analysis.variants} maxBytes={maxBytes} />
          <p className="text-xs text-slate-500">
            Sizes are the engine&apos;s own, unpacked: `docker image inspect` .Size (on the containerd image store, where .Size is the compressed content, the layers as `docker
            history` lists them). Each image&apos;s panel says what the engine&apos;s CLI shows.
          </p>
        </section>
      ) : null}

      {!c ? <ImageHeadline variants={built} /> : null}

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
          <VariantPanel key={v.kind} variant={v} logWithheld={shared && !analysis.share.includeLogs} browsable={!shared && done} />
        ))}
      </div>
      {!shared && done && built.length ? <LayerBrowser analysisId={analysis.id} variants={analysis.variants} /> : null}
    </div>
  );
}

/** "of which 77 MB from a smaller base and 408 MB from what is added on top" (computed from docker history). */
function SavingLine({ split }: { split: SavingSplit | undefined }) {
  if (!split) return null;
  const base = split.fromBaseBytes >= 0 ? `${formatBytes(split.fromBaseBytes)} from a smaller base image` : `the base image is ${formatBytes(-split.fromBaseBytes)} larger`;
  const layers =
    split.fromLayersBytes >= 0
      ? `${formatBytes(split.fromLayersBytes)} from less added on top of it (the build left behind)`
      : `${formatBytes(-split.fromLayersBytes)} more added on top of it`;
  return (
    <span className="block text-sm text-slate-600" data-testid={`saving-split-${split.against}`}>
      Of the difference: {base}, {layers} <span className="text-slate-400">(computed from docker history)</span>
    </span>
  );
}

/** "The multi-stage image dropped golang-1.22-go 98 MB, gcc-12 66.6 MB, …" (from the images' package databases). */
function DroppedLine({ variants }: { variants: VariantJson[] }) {
  const single = variants.find((v) => v.kind === 'single-stage');
  const multi = variants.find((v) => v.kind === 'multi-stage');
  if (!single?.packages.length || !multi || multi.sizeBytes === null) return null;
  const dropped = droppedPackages(single.packages, multi.packages);
  if (!dropped.length) return null;
  const named = dropped.slice(0, 5).map((p) => `${p.name} ${formatBytes(p.bytes)}`);
  const rest = dropped.length > 5 ? `, and ${dropped.length - 5} more` : '';
  return (
    <span className="block text-sm text-slate-600" data-testid="dropped-packages">
      The multi-stage image dropped {named.join(', ')}
      {rest} <span className="text-slate-400">(computed from the images&apos; package databases)</span>
    </span>
  );
}
