import { getDb } from '@/lib/db';
import { exportImage } from '@/lib/docker/export-image';
import { AppError, NotFoundError } from '@/lib/errors';
import { analyseLayers } from '@/lib/image-files/analyse-layers';
import { readImageExport } from '@/lib/image-files/read-image-export';
import { fileStateAt } from '@/lib/image-files/stored-files';
import { engineFacts } from '@/lib/docker/engine-facts';
import { inspectImage } from '@/lib/docker/inspect-image';

export interface Side {
  ref: string;
  label: string;
  sizeBytes: number;
  diffIds: string[];
  files: Map<string, { size: number; type: string }>;
}

export interface Comparison {
  a: { ref: string; label: string; sizeBytes: number };
  b: { ref: string; label: string; sizeBytes: number };
  /** b minus a */
  sizeDeltaBytes: number;
  layers: { onlyA: string[]; onlyB: string[]; shared: number };
  files: {
    added: { path: string; sizeBytes: number }[];
    removed: { path: string; sizeBytes: number }[];
    changed: { path: string; beforeBytes: number; afterBytes: number }[];
    totals: { added: number; removed: number; changed: number; addedBytes: number; removedBytes: number; changedBytes: number };
  };
}

const LIST_LIMIT = 200;

async function variantSide(ref: string, analysisId: string, kind: string): Promise<Side | null> {
  const variant = await getDb().variant.findUnique({
    where: { analysisId_kind: { analysisId, kind } },
    include: { layers: { orderBy: { position: 'desc' } } },
  });
  if (!variant) return null;
  if (variant.sizeBytes === null) throw new NotFoundError(`The ${kind} image of analysis ${analysisId} was not built, so there is nothing to compare.`);
  const state = await fileStateAt(variant.id, 0);
  return {
    ref,
    label: `${analysisId} ${kind}`,
    sizeBytes: Number(variant.sizeBytes),
    diffIds: variant.layers.map((l) => l.diffId).filter((d): d is string => !!d),
    files: new Map([...state].filter(([, f]) => f.type !== 'dir').map(([p, f]) => [p, { size: f.size, type: f.type }])),
  };
}

async function imageSide(ref: string): Promise<Side> {
  let size: number;
  try {
    // the unpacked size, with the same meaning on every image store
    size = (await inspectImage(ref, await engineFacts())).sizeBytes;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      throw new NotFoundError(`"${ref}" is neither an analysis (id or id:kind) nor an image on the engine.`);
    }
    throw error;
  }
  const exported = await readImageExport(await exportImage(ref), { compressed: false });
  const analysis = analyseLayers(exported.layers, exported.config);
  return {
    ref,
    label: ref,
    sizeBytes: size,
    diffIds: exported.layers.map((l) => l.diffId).filter((d): d is string => !!d),
    files: new Map([...analysis.final].filter(([, f]) => f.type !== 'dir').map(([p, f]) => [p, { size: f.size, type: f.type }])),
  };
}

/**
 * An analysis id (its multi-stage image), `analysisId:kind`, or (for callers that may
 * read any image on the engine: admins) an image reference on the engine.
 */
export async function resolveSide(ref: string, options: { engineImages?: boolean } = {}): Promise<Side> {
  const [head, ...rest] = ref.split(':');
  const kind = rest.join(':');
  if (head && /^[a-z2-9]{14}$/.test(head)) {
    const side = await variantSide(ref, head, kind || 'multi-stage');
    if (side) return side;
    if (kind && (await getDb().analysis.count({ where: { id: head } }))) throw new NotFoundError(`Analysis ${head} has no ${kind} variant.`);
  }
  // the engine holds other teams' images too: only admins may read any of them
  if (!options.engineImages)
    throw new AppError(`"${ref}" is not an analysis. Compare analyses (an id, or id:kind); only admins may compare other images on the engine.`, 'forbidden');
  return imageSide(ref);
}

export function compareSides(a: Side, b: Side): Comparison {
  const added: Comparison['files']['added'] = [];
  const removed: Comparison['files']['removed'] = [];
  const changed: Comparison['files']['changed'] = [];
  for (const [path, after] of b.files) {
    const before = a.files.get(path);
    if (!before) added.push({ path, sizeBytes: after.size });
    else if (before.size !== after.size || before.type !== after.type) changed.push({ path, beforeBytes: before.size, afterBytes: after.size });
  }
  for (const [path, before] of a.files) if (!b.files.has(path)) removed.push({ path, sizeBytes: before.size });
  const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
  const aLayers = new Set(a.diffIds);
  const bLayers = new Set(b.diffIds);
  return {
    a: { ref: a.ref, label: a.label, sizeBytes: a.sizeBytes },
    b: { ref: b.ref, label: b.label, sizeBytes: b.sizeBytes },
    sizeDeltaBytes: b.sizeBytes - a.sizeBytes,
    layers: { onlyA: a.diffIds.filter((d) => !bLayers.has(d)), onlyB: b.diffIds.filter((d) => !aLayers.has(d)), shared: a.diffIds.filter((d) => bLayers.has(d)).length },
    files: {
      added: added.sort((x, y) => y.sizeBytes - x.sizeBytes).slice(0, LIST_LIMIT),
      removed: removed.sort((x, y) => y.sizeBytes - x.sizeBytes).slice(0, LIST_LIMIT),
      changed: changed.sort((x, y) => Math.abs(y.afterBytes - y.beforeBytes) - Math.abs(x.afterBytes - x.beforeBytes)).slice(0, LIST_LIMIT),
      totals: {
        added: added.length,
        removed: removed.length,
        changed: changed.length,
        addedBytes: sum(added.map((f) => f.sizeBytes)),
        removedBytes: sum(removed.map((f) => f.sizeBytes)),
        changedBytes: sum(changed.map((f) => f.afterBytes - f.beforeBytes)),
      },
    },
  };
}
