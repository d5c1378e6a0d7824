import type { VariantJson } from '@/lib/analyses/analysis-json';
import { formatBytes } from '@/lib/format';
import { LayerStackChart } from '@/components/layer-stack-chart';

/** The headline of an image analysed as it is (pulled, or a docker save file): its size and layers. */
export function ImageHeadline({ variants }: { variants: VariantJson[] }) {
  const image = variants.find((v) => v.kind === 'image');
  if (!image || image.sizeBytes === null) return null;
  const adding = image.layers.filter((l) => !l.empty).length;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <p className="text-xl" data-testid="headline">
        <strong>{formatBytes(image.sizeBytes)}</strong> unpacked
        {image.compressedBytes !== null ? (
          <>
            , <strong>{formatBytes(image.compressedBytes)}</strong> compressed{image.compressedSource === 'computed' ? ' (computed)' : ''}
          </>
        ) : null}
        , in {image.layers.length} history steps ({adding} with files)
      </p>
      {image.findings.length ? <p className="text-sm text-slate-600">{image.findings.length} findings below say where it could be smaller.</p> : null}
      <h3 className="mt-2 text-sm font-semibold">Layers, bottom first</h3>
      <LayerStackChart variants={[image]} />
      <p className="text-xs text-slate-500">
        Sizes are the engine&apos;s own, unpacked: `docker image inspect` .Size (on the containerd image store, where .Size is the compressed content, the layers as `docker
        history` lists them).
      </p>
    </section>
  );
}
