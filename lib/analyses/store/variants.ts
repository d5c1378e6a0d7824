import { getDb } from '@/lib/db';
import type { Builder, SizeSource, VariantStatus } from '@/lib/generated/prisma/client';

// The analysis store, variants and layers: every write to a Variant or a Layer row goes
// through here (lib/analyses/store/README.md). JSON columns take their typed shapes
// (lib/db/json-types.ts); statuses and sources are the schema's enums.

export interface NewVariant {
  analysisId: string;
  kind: string;
  dockerfile: string;
  baseImages: PrismaJson.BaseImageUses;
  builder: Builder;
  finalBase: string | null;
  platform: string | null;
  engineFacts: PrismaJson.VariantEngine;
}

/** A variant about to be built; returns its id. */
export async function createVariant(variant: NewVariant): Promise<string> {
  const row = await getDb().variant.create({ data: { ...variant, status: 'pending' }, select: { id: true } });
  return row.id;
}

/** A build's log and step counter so far (saved while it runs). */
export async function saveBuildLog(variantId: string, progress: { log: string; stepCurrent: number | null; stepTotal: number | null }): Promise<void> {
  await getDb().variant.update({ where: { id: variantId }, data: progress });
}

export async function markBuilding(variantId: string): Promise<void> {
  await getDb().variant.update({ where: { id: variantId }, data: { status: 'building' } });
}

export interface BuiltImage {
  imageId: string;
  imageTag: string;
  /** null when the engine has none (computed from the export later, see sizeSource) */
  sizeBytes: number | null;
  sizeSource: SizeSource;
  engineSizes: PrismaJson.EngineSizes;
  /** null for an image not built here (pulled or loaded) */
  buildSeconds: number | null;
  log: string;
  /** how many of the layers (bottom first) are the final stage's base image */
  baseLayers: number | null;
  layers: { historyId: string; createdBy: string; sizeBytes: number; empty: boolean; createdAt: Date | null }[];
}

/** The built image as the engine reports it: the variant succeeded, its layers replace any earlier ones. */
export async function saveBuiltImage(variantId: string, image: BuiltImage): Promise<void> {
  const db = getDb();
  await db.$transaction([
    db.layer.deleteMany({ where: { variantId } }),
    db.layer.createMany({
      data: image.layers.map((layer, position) => ({ variantId, position, ...layer, sizeBytes: BigInt(layer.sizeBytes) })),
    }),
    db.variant.update({
      where: { id: variantId },
      data: {
        status: 'succeeded',
        imageId: image.imageId,
        imageTag: image.imageTag,
        sizeBytes: image.sizeBytes === null ? null : BigInt(image.sizeBytes),
        sizeSource: image.sizeSource,
        engineSizes: image.engineSizes,
        buildSeconds: image.buildSeconds,
        log: image.log,
        baseLayers: image.baseLayers,
      },
    }),
  ]);
}

/** The build did not finish: failed with its reason, or canceled. */
export async function saveBuildEnd(variantId: string, end: { status: Extract<VariantStatus, 'failed' | 'canceled'>; error: string | null; log: string }): Promise<void> {
  await getDb().variant.update({ where: { id: variantId }, data: end });
}

/** Why the image's files could not be read (its sizes stand). */
export async function saveFilesError(variantId: string, message: string): Promise<void> {
  await getDb().variant.update({ where: { id: variantId }, data: { filesError: message } });
}

export async function saveWarmBuild(variantId: string, seconds: number): Promise<void> {
  await getDb().variant.update({ where: { id: variantId }, data: { warmBuildSeconds: seconds } });
}

/** Adds `text` to the variant's log, which stays under `cap` characters. */
export async function appendLog(variantId: string, text: string, cap: number): Promise<void> {
  const db = getDb();
  const { log: before } = await db.variant.findUniqueOrThrow({ where: { id: variantId }, select: { log: true } });
  const log = before + text;
  await db.variant.update({ where: { id: variantId }, data: { log: log.length > cap ? `${log.slice(0, cap)}\n[log truncated: MAX_LOG_KB]\n` : log } });
}

/** Variants that had not ended when their analysis stopped are canceled. */
export async function cancelUnfinishedVariants(analysisId: string): Promise<void> {
  await getDb().variant.updateMany({ where: { analysisId, status: { in: ['pending', 'building'] } }, data: { status: 'canceled', error: null } });
}

export interface LayerFiles {
  position: number;
  diffId: string | null;
  compressedBytes: number | null;
  compressedSource: SizeSource | null;
  /** computed from the export (the engine has no unpacked size for it) */
  sizeBytes?: number;
  counts: { added: number; modified: number; removed: number };
  bytes: { added: number; modified: number; removed: number };
}

export interface VariantFiles {
  layers: LayerFiles[];
  compressedBytes: number | null;
  compressedSource: SizeSource | null;
  /** computed from the export: the image's size and where it came from */
  computedSizeBytes?: number;
  efficiency: number;
  wastedBytes: number;
  wasted: PrismaJson.WastedPaths;
  tree: PrismaJson.TreeNode;
  largestFiles: PrismaJson.LargestFiles;
  findings: PrismaJson.Findings;
  runsAs: string | null;
  fileIndex: Uint8Array;
  packages: PrismaJson.ImagePackages;
}

/**
 * What reading the image's files found: each layer's files and compressed size (layers
 * not listed made no files and are empty, whatever their size says), the waste, tree,
 * largest files, findings and the compact file index.
 */
export async function saveVariantFiles(variantId: string, files: VariantFiles): Promise<void> {
  await getDb().$transaction(
    async (tx) => {
      await tx.fileChange.deleteMany({ where: { variantId } });
      for (const layer of files.layers) {
        await tx.layer.update({
          where: { variantId_position: { variantId, position: layer.position } },
          data: {
            diffId: layer.diffId,
            compressedBytes: layer.compressedBytes === null ? null : BigInt(layer.compressedBytes),
            compressedSource: layer.compressedSource,
            ...(layer.sizeBytes === undefined ? {} : { sizeBytes: BigInt(layer.sizeBytes) }),
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
      await tx.layer.updateMany({ where: { variantId, position: { notIn: files.layers.map((l) => l.position) } }, data: { empty: true } });
      await tx.variant.update({
        where: { id: variantId },
        data: {
          compressedBytes: files.compressedBytes === null ? null : BigInt(files.compressedBytes),
          compressedSource: files.compressedSource,
          ...(files.computedSizeBytes === undefined ? {} : { sizeBytes: BigInt(files.computedSizeBytes), sizeSource: 'computed' as const }),
          efficiency: files.efficiency,
          wastedBytes: BigInt(files.wastedBytes),
          wasted: files.wasted,
          tree: files.tree,
          largestFiles: files.largestFiles,
          findings: files.findings,
          runsAs: files.runsAs,
          packages: files.packages,
          fileIndex: files.fileIndex as Uint8Array<ArrayBuffer>,
          filesError: null,
        },
      });
    },
    { timeout: 120_000 },
  );
}

/** The image's run check (lib/docker/run-check.ts). */
export async function saveRunCheck(variantId: string, check: PrismaJson.RunCheck): Promise<void> {
  await getDb().variant.update({ where: { id: variantId }, data: { runCheck: check } });
}

/** FILE_DETAILS_DAYS: the variant's file details go, with the reason its file view shows. */
export async function removeFileDetails(variantId: string, message: string): Promise<void> {
  const db = getDb();
  await db.fileChange.deleteMany({ where: { variantId } });
  await db.variant.update({ where: { id: variantId }, data: { fileIndex: null, filesError: message } });
}
