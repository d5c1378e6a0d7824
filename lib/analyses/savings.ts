// Where a saving comes from: a smaller base image, or fewer bytes added on top of it
// (the build stage left behind). Computed from `docker history`: an image's base is
// its bottom `baseLayers` entries, the rest is what its Dockerfile added.

export interface SavingSplit {
  /** the image the multi-stage one is compared with: single-stage or repository */
  against: string;
  /** how much smaller the multi-stage image's base is (negative: larger) */
  fromBaseBytes: number;
  /** how much less its Dockerfile adds on top of the base */
  fromLayersBytes: number;
}

interface SplitVariant {
  kind: string;
  sizeBytes: bigint | number | null;
  baseLayers: number | null;
  /** newest first, as docker history lists them */
  layers: { position: number; sizeBytes: bigint | number }[];
}

/** The bytes of an image's base: its bottom `baseLayers` layers; null when unknown. */
export function baseBytesOf(variant: SplitVariant): number | null {
  if (variant.baseLayers === null || variant.sizeBytes === null || variant.baseLayers > variant.layers.length) return null;
  const bottom = [...variant.layers].sort((a, b) => b.position - a.position).slice(0, variant.baseLayers);
  return bottom.reduce((sum, layer) => sum + Number(layer.sizeBytes), 0);
}

export function savingSplits(variants: SplitVariant[]): SavingSplit[] {
  const multi = variants.find((v) => v.kind === 'multi-stage');
  const multiBase = multi ? baseBytesOf(multi) : null;
  if (!multi || multiBase === null || multi.sizeBytes === null) return [];
  const splits: SavingSplit[] = [];
  for (const kind of ['single-stage', 'repository']) {
    const other = variants.find((v) => v.kind === kind);
    const otherBase = other ? baseBytesOf(other) : null;
    if (!other || otherBase === null || other.sizeBytes === null) continue;
    splits.push({
      against: kind,
      fromBaseBytes: otherBase - multiBase,
      fromLayersBytes: Number(other.sizeBytes) - otherBase - (Number(multi.sizeBytes) - multiBase),
    });
  }
  return splits;
}
