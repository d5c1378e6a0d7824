import { getDb } from '@/lib/db';
import type { ExportedLayer, LayerSizeCache } from '@/lib/image-files/read-image-export';

// Gzip sizes of layers the engine keeps uncompressed, kept by the layer's digest:
// gzipping a 500 MB base layer costs seconds of both cores, and the same base comes
// back in most analyses. The figure is the same computation on the same bytes.

export const layerSizeCache: LayerSizeCache = {
  async byDiffId(diffId) {
    const row = await getDb().layerSizeCache.findUnique({ where: { key: diffId } });
    return row ? Number(row.compressedBytes) : null;
  },
  async bySize(tarBytes) {
    const rows = await getDb().layerSizeCache.findMany({ where: { tarBytes: BigInt(tarBytes) }, take: 2 });
    return rows.map((row) => ({ diffId: row.key, compressedBytes: Number(row.compressedBytes) }));
  },
};

const REMEMBER_MIN_BYTES = 1024 * 1024;

/** Keeps the gzip sizes computed for the large plain layers of an export. */
export async function rememberLayerSizes(layers: ExportedLayer[]): Promise<void> {
  const db = getDb();
  for (const layer of layers) {
    if (layer.compressedSource !== 'computed' || layer.compressedBytes === null || !layer.diffId || layer.tarBytes < REMEMBER_MIN_BYTES) continue;
    const data = { tarBytes: BigInt(layer.tarBytes), compressedBytes: BigInt(layer.compressedBytes) };
    await db.layerSizeCache.upsert({ where: { key: layer.diffId }, create: { key: layer.diffId, ...data }, update: {} });
  }
}
