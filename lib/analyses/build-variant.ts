import { getSettings } from '@/lib/env';
import { BuildFailedError, buildImage, removeImage, type Builder } from '@/lib/docker/build-image';
import { cacheIdPrefix, removeVariantImages, variantLabels } from '@/lib/docker/cleanup';
import { BuildRefusedError } from '@/lib/build-policy/errors';
import { prepareDockerfile, type PreparedDockerfile } from '@/lib/build-policy/prepare-dockerfile';
import { memoryLimitReached } from '@/lib/docker/build-cgroup';
import { getDocker } from '@/lib/docker/client';
import { inspectImage } from '@/lib/docker/inspect-image';
import type { BaseImageUse } from '@/lib/base-images/rewrite-from';
import type { EngineFacts } from '@/lib/docker/engine-facts';
import type { AnalysisProgress } from '@/lib/analyses/kinds';
import { analyseVariantFiles } from '@/lib/analyses/analyse-files';
import { log } from '@/lib/log';
import { appendLog, markBuilding, saveBuildEnd, saveBuiltImage, saveFilesError, saveWarmBuild } from '@/lib/analyses/store/variants';
import { trackBuild, type BuildTracker } from '@/lib/analyses/track-build';
import { readIfExists } from '@/lib/stacks/fs-helpers';
import { baseLayerCount } from '@/lib/docker/base-layers';

export interface BuildCgroupState {
  parent: string;
  /** how often builds ran into its memory limit so far: a failed step after more did so */
  memoryHits: number;
}

export interface VariantJob {
  analysisId: string;
  variantId: string;
  kind: string;
  contextDir: string;
  /** the Dockerfile as built: FROM lines already rewritten through BASE_IMAGE_MAP */
  dockerfile: string;
  /** the Dockerfile as shown to the user (upstream names), for findings' line numbers */
  shownDockerfile: string;
  baseImages: BaseImageUse[];
  builder: Builder;
  /** the engine it is built on, as recorded with the variant */
  engine: EngineFacts;
  platform?: string;
  /** the stage to build (the repository's compose file's build.target) */
  target?: string;
  /** used when the repository has no .dockerignore */
  fallbackDockerignore?: string;
  /** this analysis's work folder (remote sources fetched for ADD are kept there) */
  workDir: string;
  /** the Dockerfile as the engine gets it, once prepared */
  prepared?: Promise<PreparedDockerfile>;
  /** the cold build's image, once built */
  imageId?: string;
  /** the cgroup the engine's builds run under, with their limits (lib/docker/build-cgroup.ts) */
  buildCgroup?: BuildCgroupState;
  setProgress: (progress: AnalysisProgress) => Promise<void>;
  /** aborted when the analysis is canceled */
  signal?: AbortSignal;
}

/** Whether the build ran into the memory limit since the last look (a step may exit 1 after a kill). */
async function ranOutOfMemory(job: VariantJob): Promise<'killed' | 'limit' | null> {
  if (!job.buildCgroup || job.signal?.aborted) return null;
  const now = await memoryLimitReached(job.buildCgroup.memoryHits).catch(() => null);
  if (!now) return null;
  job.buildCgroup.memoryHits = now.baseline;
  return now.reached;
}

/** Turns the engine's words into a reason a person can act on. */
export function explainBuildFailure(engineWords: string, baseImages: BaseImageUse[], outOfMemory: 'killed' | 'limit' | null = null): string {
  // the cache mount ids Shipshape added to the file the engine built are not the user's
  const message = engineWords.replace(/,id=shipshape-[0-9a-f]+-[^\s,\]"]*/g, '');
  const classic = /The command '(?:\/bin\/sh -c )?(.*)' returned a non-zero code: (\d+)/s.exec(message);
  const buildkit =
    /(?:process|executor failed running) \[?"?(?:\/bin\/sh -c )?(.*?)"?\]?:? did not complete successfully: exit code: (\d+)/s.exec(message) ??
    /executor failed running \[(?:\/bin\/sh -c )?(.*)\]: exit code: (\d+)/s.exec(message);
  const buildah = /building at STEP "RUN (.*?)": while running runtime: exit status (\d+)/s.exec(message);
  const step = classic ?? buildkit ?? buildah;
  if (step) {
    const killed =
      outOfMemory === 'killed'
        ? ' The engine killed a process of this step for using more memory than builds may (BUILD_MEMORY_MB): raise it, or make the step use less.'
        : outOfMemory === 'limit'
          ? ' The step ran into the memory limit of builds (BUILD_MEMORY_MB) before it failed: most likely a process was killed for memory. Raise the limit, or make the step use less.'
          : step[2] === '137'
            ? ' Exit code 137 means it was killed: most likely it needed more memory than builds may use (BUILD_MEMORY_MB).'
            : step[2] === '153'
              ? ' Exit code 153 means a file grew past the largest a step may write (BUILD_DISK_MB).'
              : '';
    return `The step \`RUN ${step[1]}\` failed with exit code ${step[2]}.${killed} The build log shows its output.`;
  }
  if (/^The build (ran longer|was canceled)/.test(message)) return message;
  if (/Docker engine is not reachable/.test(message)) return message;
  if (
    /pull access denied|manifest unknown|not found: manifest|repository does not exist|no such host|dial tcp|i\/o timeout|failed to resolve|TLS handshake|failed to do request/i.test(
      message,
    )
  ) {
    const images = baseImages
      .filter((b) => b.used !== 'scratch')
      .map((b) => b.used)
      .join(', ');
    return `A base image (${images}) is not on the engine and could not be pulled: ${message}. Pull it onto the engine, or set BASE_IMAGE_MAP to a registry mirror you can reach.`;
  }
  if (/dockerfile parse error|unknown instruction/i.test(message)) return `The Dockerfile is not valid: ${message}`;
  return `The build failed: ${message}`;
}

const labels = (job: VariantJob) => variantLabels(job.analysisId, job.kind);

/**
 * The Dockerfile as the engine gets it (lib/build-policy): images checked and pinned,
 * remote sources fetched, and for the classic builder the labels after each FROM.
 * Done once per variant; the warm rebuild reuses it.
 */
async function prepared(job: VariantJob, onLog: (text: string) => void): Promise<PreparedDockerfile> {
  job.prepared ??= (async () => {
    const settings = getSettings();
    return prepareDockerfile(job.dockerfile, {
      docker: getDocker(),
      access: { map: settings.baseImageMap, allowed: settings.allowedBaseImages, hostAllowlist: settings.sourceHostAllowlist },
      fetch: { maxBytes: settings.limits.maxRepoBytes, timeoutMs: settings.limits.cloneTimeoutSeconds * 1000, allowlist: settings.sourceHostAllowlist, signal: job.signal },
      workDir: job.workDir,
      stepLabels: job.builder === 'classic' ? labels(job) : undefined,
      target: job.target,
      cacheIdPrefix: cacheIdPrefix(),
      onLog,
    });
  })();
  return job.prepared;
}

/** The variant's build on the engine; `nocache` for the cold build. */
async function runBuild(job: VariantJob, tag: string, track: BuildTracker, nocache: boolean) {
  const limits = getSettings().limits;
  const ready = await prepared(job, track.onLog);
  return buildImage({
    signal: job.signal,
    timeoutSeconds: limits.buildTimeoutSeconds,
    limits: {
      memoryBytes: limits.buildMemoryBytes,
      cpus: limits.buildCpus,
      network: limits.buildNetwork,
      fileBytes: limits.buildDiskBytes,
      cgroupParent: job.buildCgroup?.parent,
    },
    contextDir: job.contextDir,
    dockerfile: ready.dockerfile,
    extraFiles: ready.extraFiles,
    fallbackDockerignore: job.fallbackDockerignore,
    tag,
    // the classic builder's images carry the labels from the LABEL after each FROM
    labels: job.builder === 'classic' ? {} : labels(job),
    builder: job.builder,
    platform: job.platform,
    target: job.target,
    nocache,
    onLog: track.onLog,
    onProgress: track.onProgress,
  });
}

export const tagFor = (analysisId: string, kind: string) => `shipshape/${analysisId}:${kind.replace(/[^\w.-]/g, '-')}`;

export interface BuiltVariant {
  /** why the build failed; null when it succeeded */
  reason: string | null;
  /** the file analysis of the built image, to run when the caller chooses (it overlaps later builds) */
  files?: (setProgress: VariantJob['setProgress']) => Promise<void>;
}

/** The devDependencies of the build context's package.json, for the findings (none without one). */
function devDependenciesOf(contextDir: string): string[] {
  try {
    const pkg = JSON.parse(readIfExists(`${contextDir}/package.json`) ?? '{}') as { devDependencies?: Record<string, string> };
    return Object.keys(pkg.devDependencies ?? {});
  } catch {
    return [];
  }
}

/**
 * The cold build: no layer cache, empty cache mounts. Inspects the image and stores
 * every number the engine reports; the image's files are read later (see `files`).
 */
export async function buildVariant(job: VariantJob): Promise<BuiltVariant> {
  const track = trackBuild(job, 'building');
  await markBuilding(job.variantId);
  await job.setProgress({ phase: 'building', message: `Building the ${job.kind} image`, variant: job.kind });
  const tag = tagFor(job.analysisId, job.kind);
  try {
    const built = await runBuild(job, tag, track, true);
    await track.settle();
    await job.setProgress({ phase: 'inspecting', message: `Inspecting the ${job.kind} image`, variant: job.kind });
    const facts = await inspectImage(built.imageId, job.engine, job.platform);
    job.imageId = facts.id;
    await saveBuiltImage(job.variantId, {
      imageId: facts.id,
      imageTag: tag,
      // no figure from the engine: computed from the export once the files are read
      sizeBytes: facts.sizeSource === 'engine' ? facts.sizeBytes : null,
      sizeSource: facts.sizeSource,
      engineSizes: facts.engineSizes,
      buildSeconds: built.seconds,
      log: track.log,
      baseLayers: await baseLayerCount(job.dockerfile, job.target),
      layers: facts.layers.map((layer) => ({ historyId: layer.historyId, createdBy: layer.createdBy, sizeBytes: layer.sizeBytes, empty: layer.empty, createdAt: layer.createdAt })),
    });
    const files = async (setProgress: VariantJob['setProgress']) => {
      try {
        await analyseVariantFiles({
          variantId: job.variantId,
          kind: job.kind,
          imageId: facts.id,
          sizeBytes: facts.sizeSource === 'engine' ? facts.sizeBytes : (facts.engineSizes.content ?? facts.engineSizes.inspect),
          computeSizes: facts.sizeSource === 'computed',
          dockerfile: job.shownDockerfile,
          devDependencies: devDependenciesOf(job.contextDir),
          setProgress,
          signal: job.signal,
        });
      } catch (error) {
        if (job.signal?.aborted) return;
        // the sizes stand; only the file view is missing, and the page says why
        log.error({ err: error, variantId: job.variantId }, 'file analysis failed');
        await saveFilesError(job.variantId, `The image's files could not be read: ${(error as Error).message}`);
      }
    };
    return { reason: null, files };
  } catch (error) {
    await track.settle();
    // a build stopped half-way leaves the images of the steps it finished, carrying its labels
    await removeVariantImages(job.analysisId, job.kind).catch(() => undefined);
    const canceled = job.signal?.aborted ?? false;
    const reason =
      error instanceof BuildRefusedError
        ? error.message
        : error instanceof BuildFailedError
          ? explainBuildFailure(error.message, job.baseImages, await ranOutOfMemory(job))
          : `The build could not run: ${(error as Error).message}`;
    await saveBuildEnd(job.variantId, { status: canceled ? 'canceled' : 'failed', error: canceled ? null : reason, log: track.log });
    return { reason };
  }
}

/**
 * The warm rebuild after a source-only change, with the cold build's cache. Only
 * its time is kept; its image is removed. A failure is noted in the variant's log.
 */
export async function rebuildVariant(job: VariantJob): Promise<void> {
  const track = trackBuild(job, 'rebuilding');
  const tag = `${tagFor(job.analysisId, job.kind)}-warm`;
  let note: string;
  try {
    const built = await runBuild(job, tag, track, false);
    await track.settle();
    await removeImage(tag);
    await saveWarmBuild(job.variantId, built.seconds);
    note = `\n--- warm rebuild after a source-only change: ${built.seconds.toFixed(1)} s ---\n${track.log}`;
  } catch (error) {
    await track.settle();
    await removeVariantImages(job.analysisId, job.kind, job.imageId).catch(() => undefined);
    note = `\n--- warm rebuild failed: ${(error as Error).message} ---\n${track.log}`;
  }
  await appendLog(job.variantId, note, getSettings().limits.maxLogBytes * 2);
}
