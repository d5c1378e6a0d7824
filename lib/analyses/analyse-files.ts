import { getDb } from '@/lib/db';
import { getSettings } from '@/lib/env';
import { capFileRows } from '@/lib/image-files/cap-rows';
import { encodeFileIndex } from '@/lib/image-files/file-index';
import { exportImage } from '@/lib/docker/export-image';
import { findIssues } from '@/lib/findings/find-issues';
import { analyseLayers, type LayerFiles } from '@/lib/image-files/analyse-layers';
import { historyPositions } from '@/lib/image-files/layer-positions';
import { readImageExport, type LayerSizeCache } from '@/lib/image-files/read-image-export';
import { layerSizeCache, rememberLayerSizes } from '@/lib/image-files/layer-size-cache';
import { directoryTree, largestFiles } from '@/lib/image-files/summarise';
import type { AnalysisProgress } from '@/lib/analyses/kinds';

const PROGRESS_EVERY_BYTES = 16 * 1024 * 1024;

export interface FilesJob {
  variantId: string;
  kind: string;
  imageId: string;
  /** for the progress: the bytes the export is expected to have */
  sizeBytes: number;
  /** the engine gave no unpacked sizes: store the ones read from the export (see Variant.sizeSource) */
  computeSizes?: boolean;
  /** the Dockerfile as shown (for the findings' line numbers) */
  dockerfile: string;
  setProgress: (progress: AnalysisProgress) => Promise<void>;
  /** aborted when the analysis is canceled */
  signal?: AbortSignal;
}

/** A layer unpacked, computed: the bytes of the files it adds or changes. */
const unpackedBytes = (layer: LayerFiles) => layer.bytes.added + layer.bytes.modified;

/**
 * Reads the built image's files from the engine's export and stores, per layer,
 * what it added, changed and removed, its gzip size; per variant the waste, the
 * tree, the largest files and the findings.
 */
export async function analyseVariantFiles(job: FilesJob): Promise<void> {
  const db = getDb();
  const message = `Reading the ${job.kind} image's files`;
  let reported = 0;
  let pending: Promise<void> = Promise.resolve();
  await job.setProgress({ phase: 'analysing', message, variant: job.kind, bytes: { done: 0, total: job.sizeBytes } });
  const read = async (sizeCache?: LayerSizeCache) => {
    const stream = await exportImage(job.imageId);
    const stop = () => stream.destroy(new Error('The analysis was canceled.'));
    job.signal?.addEventListener('abort', stop, { once: true });
    try {
      return await readImageExport(stream, {
        compressed: true,
        sizeCache,
        onBytes: (done) => {
          if (done - reported < PROGRESS_EVERY_BYTES) return;
          reported = done;
          pending = pending.then(() => job.setProgress({ phase: 'analysing', message, variant: job.kind, bytes: { done, total: job.sizeBytes } })).catch(() => undefined);
        },
      });
    } finally {
      job.signal?.removeEventListener('abort', stop);
    }
  };
  let exported = await read(layerSizeCache);
  // a cached size that did not match its layer: read once more, computing every size
  if (exported.layers.some((l) => l.uncomputed)) exported = await read();
  await pending;
  await rememberLayerSizes(exported.layers);
  const files = analyseLayers(exported.layers, exported.config);
  const layers = await db.layer.findMany({ where: { variantId: job.variantId }, orderBy: { position: 'asc' } });
  const positions = historyPositions(
    layers.map((l) => ({ sizeBytes: Number(l.sizeBytes) })),
    exported.config.history ?? [],
    files.layers.length,
  );
  const positionOfLayer = (layer: number) => positions[layer];
  const findings = findIssues({ dockerfile: job.dockerfile, files, history: layers.map((l) => ({ createdBy: l.createdBy })), positionOfLayer });

  const all = files.layers.flatMap((layer, index) => {
    const position = positions[index];
    if (position === undefined) return [];
    return layer.changes.map((c) => ({ variantId: job.variantId, layer: position, path: c.path, sizeBytes: BigInt(c.size), change: c.change, type: c.type }));
  });
  const { rows } = capFileRows(all, getSettings().maxImageFiles, { variantId: job.variantId });
  const withLayer = new Set(positions.filter((p): p is number => p !== undefined));
  await db.$transaction(
    async (tx) => {
      await tx.fileChange.deleteMany({ where: { variantId: job.variantId } });
      for (const [index, layer] of files.layers.entries()) {
        const position = positions[index];
        if (position === undefined) continue;
        await tx.layer.update({
          where: { variantId_position: { variantId: job.variantId, position } },
          data: {
            diffId: layer.diffId,
            compressedBytes: layer.compressedBytes === null ? null : BigInt(layer.compressedBytes),
            compressedSource: layer.compressedSource,
            ...(job.computeSizes ? { sizeBytes: BigInt(unpackedBytes(layer)) } : {}),
            empty: false,
            filesAdded: layer.counts.added,
            filesModified: layer.counts.modified,
            filesRemoved: layer.counts.removed,
            bytesAdded: BigInt(layer.bytes.added),
            bytesModified: BigInt(layer.bytes.modified),
            bytesRemoved: BigInt(layer.bytes.removed),
          },
        });
      }
      // steps that made no layer are empty, whatever their size says (the config knows)
      await tx.layer.updateMany({ where: { variantId: job.variantId, position: { notIn: [...withLayer] } }, data: { empty: true } });
      await tx.variant.update({
        where: { id: job.variantId },
        data: {
          compressedBytes: files.compressedBytes === null ? null : BigInt(files.compressedBytes),
          compressedSource: files.compressedSource,
          ...(job.computeSizes ? { sizeBytes: BigInt(files.layers.reduce((sum, layer) => sum + unpackedBytes(layer), 0)), sizeSource: 'computed' } : {}),
          efficiency: files.efficiency,
          wastedBytes: BigInt(files.wastedBytes),
          wasted: JSON.stringify(files.wasted.slice(0, 50).map((w) => ({ ...w, copies: w.copies.map((c) => ({ ...c, layer: positions[c.layer] ?? null })) }))),
          tree: JSON.stringify(directoryTree(files.final, 3, 10)),
          largestFiles: JSON.stringify(largestFiles(files.final, 100).map((f) => ({ ...f, layer: positions[f.layer] ?? null }))),
          findings: JSON.stringify(findings),
          runsAs: files.user,
          fileIndex: encodeFileIndex(rows) as Uint8Array<ArrayBuffer>,
          filesError: null,
        },
      });
    },
    { timeout: 120_000 },
  );
}
