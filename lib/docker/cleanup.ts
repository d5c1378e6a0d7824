import { getDocker, LABELS } from '@/lib/docker/client';
import { instanceId } from '@/lib/secrets';

// What Shipshape leaves on an engine, and how it goes away. Every image it builds
// carries LABELS.analysis; a classic build that stops half-way also leaves the
// untagged images of the steps it finished (without labels), which its log names.

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

/** Removes every image of the analysis, its step images included; returns how many. */
export async function removeAnalysisImages(analysisId: string): Promise<number> {
  let removed = 0;
  // newest first removes children before parents; a second pass takes what a parent kept
  for (let pass = 0; pass < 2; pass++) {
    const images = await labelledImages(analysisId);
    if (!images.length) break;
    for (const image of images) if (await removeIfLeaf(image.id)) removed += 1;
  }
  return removed;
}

const STEP_IMAGE = /^ ---> ([0-9a-f]{12})\s*$/gm;

/** The images a classic build committed for its steps, as its log lists them, in order. */
export function stepImagesInLog(log: string): string[] {
  return [...log.matchAll(STEP_IMAGE)].map((m) => m[1]!);
}

/**
 * Removes the untagged step images a stopped classic build left behind, newest
 * first. Tagged images (the base image of a FROM step) and images something else
 * still builds on are left alone.
 */
export async function removeStepImages(log: string): Promise<number> {
  const docker = getDocker();
  let removed = 0;
  for (const id of stepImagesInLog(log).reverse()) {
    for (let attempt = 1; ; attempt++) {
      try {
        const info = await docker.getImage(id).inspect();
        if ((info.RepoTags ?? []).some((t) => t !== '<none>:<none>')) break;
        await docker.getImage(id).remove({ noprune: true });
        removed += 1;
        break;
      } catch (error) {
        if (statusOf(error) === 404) break;
        // 409: a stopped build's container may still be on its way out; or another
        // image builds on this one, and then it is not ours to remove
        if (statusOf(error) !== 409) throw error;
        if (attempt === STEP_REMOVE_ATTEMPTS) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
  return removed;
}

const STEP_REMOVE_ATTEMPTS = 10;

/** Bytes BuildKit's cache holds on the engine. */
export async function buildCacheBytes(): Promise<number> {
  const df = (await getDocker().df()) as { BuildCache?: { Size?: number }[] };
  return (df.BuildCache ?? []).reduce((sum, record) => sum + (record.Size ?? 0), 0);
}

/**
 * Prunes BuildKit's cache down to `keepBytes`, through `POST /build/prune` itself:
 * dockerode's pruneBuilder() drops its options. Returns the bytes the engine reports freed.
 */
export async function pruneBuildCache(keepBytes: number): Promise<number> {
  const modem = getDocker().modem as unknown as {
    dial: (options: object, callback: (error: Error | null, data: unknown) => void) => void;
  };
  const result = await new Promise<{ SpaceReclaimed?: number }>((resolve, reject) =>
    modem.dial(
      { path: '/build/prune?', method: 'POST', options: { 'keep-storage': keepBytes }, statusCodes: { 200: true, 500: 'server error' } },
      (error, data) => (error ? reject(error) : resolve((data ?? {}) as { SpaceReclaimed?: number })),
    ),
  );
  return result.SpaceReclaimed ?? 0;
}

/** Stops a running BuildKit build from outside its request (`POST /build/cancel`). */
export async function cancelBuildkitBuild(buildId: string): Promise<void> {
  const modem = getDocker().modem as unknown as {
    dial: (options: object, callback: (error: Error | null, data: unknown) => void) => void;
  };
  await new Promise<void>((resolve) =>
    modem.dial({ path: '/build/cancel?', method: 'POST', options: { id: buildId }, statusCodes: { 200: true, 404: true, 500: true } }, () => resolve()),
  );
}
