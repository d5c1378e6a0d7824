import { PackageTable } from '@/components/package-table';
import type { VariantJson } from '@/lib/analyses/analysis-json';
import { formatBytes, formatSeconds } from '@/lib/format';
import { LayerTable } from '@/components/layer-table';
import { StatusBadge } from '@/components/status-badge';
import { FileTreemap } from '@/components/file-treemap';
import { FindingsList } from '@/components/findings-list';
import { LargestFiles } from '@/components/largest-files';
import { RunCheckPanel } from '@/components/run-check-panel';
import { cliFigure, compressedWords, engineLabel } from '@/lib/analyses/engine-words';

const BUILDER_NAMES: Record<string, string> = { classic: 'classic builder', buildkit: 'BuildKit', buildah: 'Buildah (Podman)' };

/** One image: its sizes, findings, files, layers, Dockerfile and build log (`logWithheld`: a share link without logs). */
export function VariantPanel({ variant, logWithheld = false, browsable = false }: { variant: VariantJson; logWithheld?: boolean; browsable?: boolean }) {
  // an image analysed as it is (pulled or loaded): no Dockerfile, no build
  const asIs = variant.kind === 'image';
  const download = `data:text/plain;charset=utf-8,${encodeURIComponent(variant.dockerfile)}`;
  return (
    <section className="min-w-0 rounded-lg border border-slate-200 bg-white p-4" data-testid={`variant-${variant.kind}`}>
      <header className="flex items-baseline justify-between gap-3">
        <h3 className="text-lg font-semibold">
          {variant.kind}
          {variant.finalBase ? <span className="ml-2 text-sm font-normal text-slate-500">on {variant.finalBase}</span> : null}
        </h3>
        <StatusBadge status={variant.status} />
      </header>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">Image size</dt>
        <dd>
          <span className="font-semibold" data-testid={`size-${variant.kind}`} title={variant.sizeBytes === null ? undefined : `${variant.sizeBytes} bytes`}>
            {variant.sizeBytes === null ? '–' : formatBytes(variant.sizeBytes)}
          </span>
          {variant.sizeBytes !== null ? <span className="text-slate-400"> uncompressed{variant.sizeSource === 'computed' ? ' (computed)' : ''}</span> : null}
        </dd>
        {variant.engine && variant.engineSizes && variant.sizeBytes !== null ? (
          <dd className="col-span-2 text-xs text-slate-500" data-testid={`engine-figure-${variant.kind}`}>
            {cliFigure(variant.engine, variant.engineSizes, variant.sizeBytes, variant.sizeSource)}
          </dd>
        ) : null}
        {variant.compressedBytes !== null ? (
          <>
            <dt className="text-slate-500">Pushed</dt>
            <dd data-testid={`compressed-${variant.kind}`} title={`${variant.compressedBytes} bytes`}>
              {formatBytes(variant.compressedBytes)} <span className="text-slate-400">compressed, as a registry push sends it</span>
              <span className="block text-xs text-slate-500" data-testid={`compressed-source-${variant.kind}`}>
                {compressedWords(variant.compressedSource)}
              </span>
            </dd>
          </>
        ) : null}
        {variant.efficiency !== null ? (
          <>
            <dt className="text-slate-500">Efficiency</dt>
            <dd data-testid={`efficiency-${variant.kind}`}>
              {(variant.efficiency * 100).toFixed(1)} %{' '}
              <span className="text-slate-400">· {formatBytes(variant.wastedBytes ?? 0)} wasted (overwritten or deleted, still shipped)</span>
            </dd>
          </>
        ) : null}
        {variant.runsAs !== null ? (
          <>
            <dt className="text-slate-500">Runs as</dt>
            <dd>{variant.runsAs || 'root'}</dd>
          </>
        ) : null}
        {asIs ? null : (
          <>
            <dt className="text-slate-500">Build (cold / warm)</dt>
            <dd>
              {variant.buildSeconds === null ? '–' : formatSeconds(variant.buildSeconds)}
              {variant.warmBuildSeconds === null ? '' : ` / ${formatSeconds(variant.warmBuildSeconds)}`}
              <span className="text-slate-400"> · {BUILDER_NAMES[variant.builder] ?? variant.builder}</span>
            </dd>
          </>
        )}
        {variant.engine ? (
          <>
            <dt className="text-slate-500">Engine</dt>
            <dd data-testid={`engine-${variant.kind}`}>
              {variant.engine.name} <span className="text-slate-400">· {engineLabel(variant.engine)}</span>
            </dd>
          </>
        ) : null}
        {variant.platform ? (
          <>
            <dt className="text-slate-500">Platform</dt>
            <dd>{variant.platform}</dd>
          </>
        ) : null}
        <dt className="text-slate-500">Image</dt>
        <dd className="truncate font-mono text-xs" title={variant.imageId ?? undefined}>
          {variant.imageTag ?? '–'}
        </dd>
        <dt className="text-slate-500">Base images</dt>
        <dd className="text-xs">
          {variant.baseImages.map((b) => (
            <div key={b.requested} className="font-mono">
              {b.requested}
              {b.used !== b.requested ? <span className="text-slate-500"> → built from {b.used}</span> : null}
            </div>
          ))}
        </dd>
      </dl>
      {variant.error ? <p className="mt-3 rounded bg-red-50 p-2 text-sm text-red-800">{variant.error}</p> : null}
      <RunCheckPanel variant={variant} logWithheld={logWithheld} />
      {variant.filesError ? <p className="mt-3 rounded bg-amber-50 p-2 text-sm text-amber-900">{variant.filesError}</p> : null}
      {variant.sizeBytes !== null && variant.efficiency !== null ? (
        <div className="mt-4">
          <h4 className="mb-1 text-sm font-semibold">Findings</h4>
          <FindingsList findings={variant.findings} kind={browsable ? variant.kind : undefined} />
        </div>
      ) : null}
      {variant.tree ? (
        <div className="mt-4">
          <h4 className="mb-1 text-sm font-semibold">Where the bytes are</h4>
          <FileTreemap tree={variant.tree} />
        </div>
      ) : null}
      {variant.largestFiles.length ? (
        <details className="mt-4">
          <summary className="cursor-pointer text-sm font-semibold">Largest files</summary>
          <LargestFiles files={variant.largestFiles} />
        </details>
      ) : null}
      {variant.wasted.length ? (
        <details className="mt-4">
          <summary className="cursor-pointer text-sm font-semibold">Wasted space ({variant.wasted.length} paths)</summary>
          <ul className="mt-1 font-mono text-xs">
            {variant.wasted.slice(0, 20).map((w) => (
              <li
                key={w.path}
                className="flex justify-between gap-2 border-t border-slate-100"
                title={w.copies.map((c) => `layer ${c.layer}: ${c.removed ? 'removed' : formatBytes(c.size)}`).join(', ')}
              >
                <span className="truncate">{w.path}</span>
                <span className="whitespace-nowrap">
                  {formatBytes(w.wastedBytes)} in layers {w.copies.map((c) => c.layer).join(', ')}
                </span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <PackageTable kind={variant.kind} packages={variant.packages} imageBytes={variant.sizeBytes} />
      {variant.layers.length ? (
        <div className="mt-4">
          <h4 className="mb-1 text-sm font-semibold">Layers ({variant.layers.length})</h4>
          <LayerTable layers={variant.layers} />
        </div>
      ) : null}
      {asIs ? null : (
        <div className="mt-4">
          <div className="mb-1 flex items-center justify-between">
            <h4 className="text-sm font-semibold">Dockerfile</h4>
            <a className="text-xs text-brand underline" href={download} download={`Dockerfile.${variant.kind}`}>
              Download
            </a>
          </div>
          <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{variant.dockerfile}</pre>
        </div>
      )}
      {logWithheld ? (
        <p className="mt-4 text-xs text-slate-500" data-testid={`log-withheld-${variant.kind}`}>
          The build log is not part of this share link.
        </p>
      ) : null}
      {variant.log ? (
        <details className="mt-4">
          <summary className="cursor-pointer text-sm font-semibold">{asIs ? 'Pull log' : 'Build log'}</summary>
          <pre className="mt-1 max-h-96 overflow-auto rounded bg-slate-100 p-3 text-xs">{variant.log}</pre>
        </details>
      ) : null}
    </section>
  );
}
