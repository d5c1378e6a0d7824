import { getDb } from '@/lib/db';
import { markImagesRemoved } from '@/lib/analyses/store/analyses';
import { removeFileDetails } from '@/lib/analyses/store/variants';
import { getSettings } from '@/lib/env';
import { getDocker, getEngine, LABELS, onEngine } from '@/lib/docker/client';
import { labelledImages, pruneBuildCache, removeAnalysisImages } from '@/lib/docker/cleanup';
import { TERMINAL_STATUSES } from '@/lib/analyses/kinds';
import { engineFacts } from '@/lib/docker/engine-facts';
import { instanceId } from '@/lib/secrets';
import { log } from '@/lib/log';

// Keeping the engine's disk in check: images of old analyses go (KEEP_IMAGES),
// BuildKit's cache is pruned above BUILD_CACHE_MAX_MB, and at start whatever a
// crash left behind is swept.

/**
 * On the current engine: removes images this instance built that no analysis
 * accounts for (its analysis is gone, ended without them, or retention removed the
 * rest) and any container carrying its label. Other instances' images are theirs.
 */
export async function sweepOrphans(): Promise<number> {
  const db = getDb();
  const images = await labelledImages();
  const ids = [...new Set(images.map((i) => i.analysisId))];
  const analyses = await db.analysis.findMany({
    where: { id: { in: ids } },
    select: { id: true, status: true, imagesRemovedAt: true, variants: { select: { imageId: true } } },
  });
  const byId = new Map(analyses.map((a) => [a.id, a]));
  let removed = 0;
  for (const image of images) {
    const analysis = byId.get(image.analysisId);
    if (analysis && !TERMINAL_STATUSES.has(analysis.status)) continue; // its worker (or recovery) owns it
    const kept = analysis && !analysis.imagesRemovedAt && analysis.variants.some((v) => v.imageId === image.id);
    if (kept) continue;
    // newest first (the list's order): children go before their parents
    await getDocker()
      .getImage(image.id)
      .remove({ force: true })
      .then(() => (removed += 1))
      .catch(() => undefined);
  }
  const containers = await getDocker().listContainers({ all: true, filters: JSON.stringify({ label: [`${LABELS.instance}=${instanceId()}`] }) });
  const checked = await db.analysis.findMany({
    where: { id: { in: [...new Set(containers.map((c) => c.Labels?.[LABELS.analysis]).filter((id): id is string => Boolean(id)))] } },
    select: { id: true, status: true },
  });
  const running = new Set(checked.filter((a) => !TERMINAL_STATUSES.has(a.status)).map((a) => a.id));
  for (const container of containers) {
    // a run check of an analysis still running is its worker's
    if (running.has(container.Labels?.[LABELS.analysis] ?? '')) continue;
    await getDocker()
      .getContainer(container.Id)
      .remove({ force: true })
      .then(() => (removed += 1))
      .catch(() => undefined);
  }
  // the internal networks of run checks (a network still in use is left: removing it fails)
  for (const network of await getDocker().listNetworks({ filters: JSON.stringify({ label: [`${LABELS.instance}=${instanceId()}`] }) })) {
    if (running.has(network.Labels?.[LABELS.analysis] ?? '')) continue;
    await getDocker()
      .getNetwork(network.Id)
      .remove()
      .then(() => (removed += 1))
      .catch(() => undefined);
  }
  if (removed) log.info({ removed }, `removed ${removed} leftover image(s)/container(s)/network(s) no analysis accounts for`);
  return removed;
}

/** Removes the images of every ended analysis older than the newest KEEP_IMAGES. */
export async function applyRetention(): Promise<number> {
  const db = getDb();
  const { keepImages } = getSettings();
  const old = await db.analysis.findMany({
    where: { imagesRemovedAt: null, status: { in: [...TERMINAL_STATUSES] } },
    orderBy: { createdAt: 'desc' },
    skip: keepImages,
    take: 50,
    select: { id: true, engine: true },
  });
  let removed = 0;
  for (const analysis of old) {
    try {
      await onEngine(getEngine(analysis.engine), () => removeAnalysisImages(analysis.id));
      await markImagesRemoved(analysis.id);
      removed += 1;
    } catch {
      // the engine is down: try again after the next analysis
    }
  }
  return removed;
}

/** The message a variant's file view shows once FILE_DETAILS_DAYS removed its files. */
export const filesRemovedMessage = (days: number) =>
  `The file details of this analysis were removed ${days} day${days === 1 ? '' : 's'} after it ran (FILE_DETAILS_DAYS); sizes, layers, findings and the largest files stay. Analyse the repository again to see every file.`;

/**
 * FILE_DETAILS_DAYS: the file details of analyses that ended longer ago are removed
 * (the compact index, or the rows of older analyses). Returns how many variants lost them.
 */
export async function removeOldFileDetails(now = new Date()): Promise<number> {
  const days = getSettings().fileDetailsDays;
  if (!days) return 0;
  const db = getDb();
  const before = new Date(now.getTime() - days * 24 * 3600 * 1000);
  const variants = await db.variant.findMany({
    where: { analysis: { finishedAt: { lt: before } }, OR: [{ fileIndex: { not: null } }, { files: { some: {} } }] },
    select: { id: true },
    take: 200,
  });
  for (const { id } of variants) await removeFileDetails(id, filesRemovedMessage(days));
  return variants.length;
}

/**
 * On the current engine: prunes BuildKit's cache down to BUILD_CACHE_MAX_MB when above
 * it. Returns the bytes freed, or null on an engine without a BuildKit cache to prune
 * (Podman: its layer cache is the analyses' labelled images, which retention removes).
 */
export async function pruneBuildCacheAboveCap(): Promise<number | null> {
  const facts = await engineFacts();
  // Podman keeps no BuildKit cache; an older BuildKit cannot tell this instance's cache mounts from others'
  if (!facts.builders.includes('buildkit') || !facts.buildkitCacheIds) return null;
  const cap = getSettings().buildCacheMaxBytes;
  if (cap <= 0) return 0;
  // keep-storage makes the prune a no-op below the cap; asking the size first (system df)
  // would cost more than the prune on an engine with many images
  return pruneBuildCache(cap);
}
