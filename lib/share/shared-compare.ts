import { getDb } from '@/lib/db';
import { NotFoundError } from '@/lib/errors';
import { compareSides, type Comparison, type Side } from '@/lib/image-files/compare';
import { fileStateAt } from '@/lib/image-files/stored-files';
import { analysisIdForShare } from '@/lib/share/share-links';

// The file comparison of a share page, from the share token alone: two variants of the
// one shared analysis, read from the files stored for them. Unlike GET /api/compare it
// takes variant kinds only, so it reaches no other analysis and no image on an engine.

async function sharedSide(analysisId: string, kind: string): Promise<Side> {
  const variant = await getDb().variant.findUnique({
    where: { analysisId_kind: { analysisId, kind } },
    include: { layers: { orderBy: { position: 'desc' } } },
  });
  if (!variant) throw new NotFoundError(`This analysis has no ${kind} variant.`);
  if (variant.sizeBytes === null) throw new NotFoundError(`The ${kind} image was not built, so there is nothing to compare.`);
  const state = await fileStateAt(variant.id, 0);
  return {
    ref: kind,
    label: kind,
    sizeBytes: Number(variant.sizeBytes),
    diffIds: variant.layers.map((l) => l.diffId).filter((d): d is string => !!d),
    files: new Map([...state].filter(([, f]) => f.type !== 'dir').map(([p, f]) => [p, { size: f.size, type: f.type }])),
  };
}

/** Variants `a` and `b` (kinds, e.g. single-stage and multi-stage) of the analysis behind a live share link. */
export async function compareSharedVariants(token: string, a: string, b: string): Promise<Comparison> {
  const analysisId = await analysisIdForShare(token);
  return compareSides(await sharedSide(analysisId, a), await sharedSide(analysisId, b));
}
