import { getDb } from '@/lib/db';
import { saveVariantFiles } from '@/lib/analyses/store/variants';
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
import { imagePackages } from '@/lib/image-files/packages';
import type { GoBuildInfo } from '@/lib/image-files/go-buildinfo';
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
  /** the repository's package.json devDependencies (for the findings), where it has one */
  devDependencies?: string[];
  setProgress: (progress: AnalysisProgress) => Promise<void>;
  /** aborted when the analysis is canceled */
  signal?: AbortSignal;
}

/** The package databases' texts as the final image has them (a later layer's copy wins). */
function finalContents(layers: { path: string; content?: string }[][], final: ReadonlyMap<string, unknown>): Map<string, string> {
  const contents = new Map<string, string>();
  for (const entries of layers) for (const entry of entries) if (entry.content !== undefined) contents.set(entry.path, entry.content);
  for (const file of contents.keys()) if (!final.has(file)) contents.delete(file);
  return contents;
}

/** The build information of the final image's Go binaries (a later layer's copy wins). */
function finalGoBuilds(layers: { path: string; goBuild?: GoBuildInfo }[][], final: ReadonlyMap<string, unknown>): Map<string, GoBuildInfo> {
  const builds = new Map<string, GoBuildInfo>();
  for (const entries of layers) for (const entry of entries) if (entry.goBuild) builds.set(entry.path, entry.goBuild);
  for (const file of builds.keys()) if (!final.has(file)) builds.delete(file);
  return builds;
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
  const findings = findIssues({
    dockerfile: job.dockerfile,
    files,
    history: layers.map((l) => ({ createdBy: l.createdBy })),
    positionOfLayer,
    devDependencies: job.devDependencies,
  });

  const all = files.layers.flatMap((layer, index) => {
    const position = positions[index];
    if (position === undefined) return [];
    return layer.changes.map((c) => ({ variantId: job.variantId, layer: position, path: c.path, sizeBytes: BigInt(c.size), change: c.change, type: c.type }));
  });
  const { rows } = capFileRows(all, getSettings().maxImageFiles, { variantId: job.variantId });
  // steps that made no layer are empty, whatever their size says (the config knows): the store marks them
  const layerFiles = files.layers.flatMap((layer, index) => {
    const position = positions[index];
    if (position === undefined) return [];
    const { diffId, compressedBytes, compressedSource, counts, bytes } = layer;
    return [{ position, diffId, compressedBytes, compressedSource, counts, bytes, ...(job.computeSizes ? { sizeBytes: unpackedBytes(layer) } : {}) }];
  });
  const entries = exported.layers.map((l) => l.listing.entries);
  await saveVariantFiles(job.variantId, {
    layers: layerFiles,
    compressedBytes: files.compressedBytes,
    compressedSource: files.compressedSource,
    ...(job.computeSizes ? { computedSizeBytes: files.layers.reduce((sum, layer) => sum + unpackedBytes(layer), 0) } : {}),
    efficiency: files.efficiency,
    wastedBytes: files.wastedBytes,
    wasted: files.wasted.slice(0, 50).map((w) => ({ ...w, copies: w.copies.map((c) => ({ ...c, layer: positions[c.layer] ?? null })) })),
    tree: directoryTree(files.final, 3, 10),
    largestFiles: largestFiles(files.final, 100).map((f) => ({ ...f, layer: positions[f.layer] ?? null })),
    findings,
    runsAs: files.user,
    fileIndex: encodeFileIndex(rows),
    packages: imagePackages(files.final, finalContents(entries, files.final), finalGoBuilds(entries, files.final)),
  });
}
