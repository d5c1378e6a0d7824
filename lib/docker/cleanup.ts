import { getDocker, LABELS } from '@/lib/docker/client';
import { instanceId } from '@/lib/secrets';

// What Shipshape leaves on an engine, and how it goes away. Every image it builds
// carries LABELS.analysis, the step images of a classic build too (the LABEL after each
// FROM, see lib/build-policy); what a build's log says is never acted on.

/** The labels of everything an analysis's variant puts on the engine: its images, its run check's container and network. */
export function variantLabels(analysisId: string, kind: string): Record<string, string> {
  return { [LABELS.managed]: 'true', [LABELS.instance]: instanceId(), [LABELS.analysis]: analysisId, [LABELS.variant]: kind };
}

const statusOf = (error: unknown) => (error as { statusCode?: number }).statusCode;

/** Images of one analysis, or (without `analysisId`) every image this instance built. */
/** Newest first: a classic build's step images carry the labels too, children before parents. */
export async function labelledImages(analysisId?: string): Promise<{ id: string; analysisId: string; tags: string[] }[]> {
  const label = analysisId ? `${LABELS.analysis}=${analysisId}` : `${LABELS.instance}=${instanceId()}`;
  const images = await getDocker().listImages({ all: true, filters: JSON.stringify({ label: [label] }) });
  return images
    .sort((a, b) => b.Created - a.Created)
    .map((image) => ({ id: image.Id, analysisId: image.Labels?.[LABELS.analysis] ?? '', tags: (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>') }));
}

/** Removes an image; one already gone, or still the parent of another (409), is skipped. */
async function removeIfLeaf(id: string): Promise<boolean> {
  try {
    await getDocker().getImage(id).remove({ force: true });
    return true;
  } catch (error) {
    if (statusOf(error) === 404 || statusOf(error) === 409) return false;
    throw error;
  }
}

/** Removes the containers and networks of an analysis's run checks (a check stopped half-way leaves them). */
export async function removeAnalysisContainers(analysisId: string): Promise<void> {
  const filters = JSON.stringify({ label: [`${LABELS.analysis}=${analysisId}`] });
  for (const container of await getDocker().listContainers({ all: true, filters })) {
    await getDocker()
      .getContainer(container.Id)
      .remove({ force: true })
      .catch((error: unknown) => {
        if (statusOf(error) !== 404) throw error;
      });
  }
  for (const network of await getDocker().listNetworks({ filters })) {
    await getDocker()
      .getNetwork(network.Id)
      .remove()
      .catch(() => undefined);
  }
}

/** The name an image analysed as it is (pulled, or loaded from a `docker save` file) has on the engine. */
export const imageSourceTag = (analysisId: string) => `shipshape/${analysisId}:image`;

/**
 * Removes the name of an image analysed as it is (it carries no label of Shipshape's):
 * the image goes with it unless another name still holds it (a base image, say).
 */
async function removeImageSourceName(analysisId: string): Promise<boolean> {
  try {
    await getDocker().getImage(imageSourceTag(analysisId)).remove();
    return true;
  } catch (error) {
    if (statusOf(error) === 404 || statusOf(error) === 409) return false;
    throw error;
  }
}

/** Removes every image of the analysis, its step images included, and its run checks' containers; returns how many images. */
export async function removeAnalysisImages(analysisId: string): Promise<number> {
  await removeAnalysisContainers(analysisId);
  let removed = (await removeImageSourceName(analysisId)) ? 1 : 0;
  // newest first removes children before parents; a second pass takes what a parent kept
  for (let pass = 0; pass < 2; pass++) {
    const images = await labelledImages(analysisId);
    if (!images.length) break;
    for (const image of images) if (await removeIfLeaf(image.id)) removed += 1;
  }
  return removed;
}

/**
 * Removes the images one variant's builds left: the step images of a stopped classic
 * build (each carries the build's labels from the LABEL after its FROM), a failed warm
 * rebuild's. The kept image, and images other images build on, stay.
 */
export async function removeVariantImages(analysisId: string, kind: string, keepId?: string): Promise<number> {
  let removed = 0;
  for (let pass = 0; pass < 2; pass++) {
    const images = await getDocker().listImages({ all: true, filters: JSON.stringify({ label: [`${LABELS.analysis}=${analysisId}`, `${LABELS.variant}=${kind}`] }) });
    const candidates = images.filter((image) => image.Id !== keepId).sort((a, b) => b.Created - a.Created);
    if (!candidates.length) break;
    for (const image of candidates) if (await removeIfLeaf(image.Id)) removed += 1;
  }
  return removed;
}

/** Cache mounts of this instance's builds carry ids that start so (see lib/build-policy). */
export function cacheIdPrefix(): string {
  return `shipshape-${instanceId()}-`;
}

interface CacheRecord {
  ID: string;
  Type: string;
  Description?: string;
  Size: number;
  LastUsedAt?: string | null;
  InUse?: boolean;
}

function dial<T>(options: object): Promise<T> {
  const modem = getDocker().modem as unknown as { dial: (options: object, callback: (error: Error | null, data: unknown) => void) => void };
  return new Promise((resolve, reject) => modem.dial(options, (error, data) => (error ? reject(error) : resolve(data as T))));
}

/** This instance's cache mounts on the engine (`system df`, build cache only where the API allows). */
export async function instanceCacheMounts(): Promise<CacheRecord[]> {
  const df = await dial<{ BuildCache?: CacheRecord[] | null }>({
    path: '/system/df?',
    method: 'GET',
    options: { type: 'build-cache' },
    statusCodes: { 200: true, 500: 'server error' },
  });
  const prefix = cacheIdPrefix();
  return (df.BuildCache ?? []).filter((r) => r.Type === 'exec.cachemount' && (r.Description ?? '').includes(prefix));
}

/**
 * Prunes this instance's cache mounts, least recently used first, until they hold at
 * most `keepBytes`; returns the bytes freed. Other instances' cache, and the layer
 * cache (which the engine cannot tell apart by owner), are left to the engine.
 */
export async function pruneBuildCache(keepBytes: number): Promise<number> {
  const all = await instanceCacheMounts();
  let total = all.reduce((sum, r) => sum + r.Size, 0);
  const mounts = all.filter((r) => !r.InUse).sort((a, b) => (a.LastUsedAt ?? '').localeCompare(b.LastUsedAt ?? ''));
  let freed = 0;
  for (const record of mounts) {
    if (total <= keepBytes) break;
    const result = await dial<{ SpaceReclaimed?: number }>({
      path: '/build/prune?',
      method: 'POST',
      options: { filters: JSON.stringify({ id: [record.ID] }) },
      statusCodes: { 200: true, 500: 'server error' },
    });
    freed += result?.SpaceReclaimed ?? record.Size;
    total -= record.Size;
  }
  return freed;
}

/** Stops a running BuildKit build from outside its request (`POST /build/cancel`). */
export async function cancelBuildkitBuild(buildId: string): Promise<void> {
  await dial({ path: '/build/cancel?', method: 'POST', options: { id: buildId }, statusCodes: { 200: true, 404: true, 500: true } }).catch(() => undefined);
}
