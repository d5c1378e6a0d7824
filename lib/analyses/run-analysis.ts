import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { getSettings } from '@/lib/env';
import { rewriteFromLines } from '@/lib/base-images/rewrite-from';
import { engineArchitecture } from '@/lib/docker/engine-health';
import { checkPlatform } from '@/lib/docker/platforms';
import { detectStack, generateDockerfiles, MonorepoError } from '@/lib/stacks/detect';
import { StackNotDetectedError, type DetectOptions, type Stack } from '@/lib/stacks/types';
import { touchSource } from '@/lib/stacks/source-change';
import { fetchSource } from '@/lib/sources/fetch-source';
import { headCommit } from '@/lib/sources/clone-git';
import { judgeAnalysis } from '@/lib/repositories/repositories';
import { materializeUpload } from '@/lib/analyses/stored-source';
import type { SourceSpec } from '@/lib/sources/source-input';
import { AppError, UserFacingError } from '@/lib/errors';
import { analysisLog } from '@/lib/log';
import type { JobOutcome, StopReason } from '@/lib/queue/types';
import { removeAnalysisImages } from '@/lib/docker/cleanup';
import { checkEngine } from '@/lib/docker/engine-health';
import { builderOn, engineFacts, type EngineFacts } from '@/lib/docker/engine-facts';
import { applyBuildLimits } from '@/lib/docker/build-cgroup';
import type { BuildCgroupState } from '@/lib/analyses/build-variant';
import { engineLabel } from '@/lib/analyses/engine-words';
import { currentEngine } from '@/lib/docker/client';
import { buildVariant, rebuildVariant, type VariantJob } from '@/lib/analyses/build-variant';
import type { AnalysisProgress, Note } from '@/lib/analyses/kinds';
import type { AnalysisOptions } from '@/lib/analyses/options';
import { planVariants, repositoryDockerfile, type VariantPlan } from '@/lib/analyses/plan-variants';
import { setCommit, setNotes, setProgress as saveProgress, setStack, startAttempt } from '@/lib/analyses/store/analyses';
import { cancelUnfinishedVariants, createVariant } from '@/lib/analyses/store/variants';
import { checkImages } from '@/lib/analyses/check-images';
import { composeTarget } from '@/lib/analyses/compose-target';
import { analyseImage } from '@/lib/analyses/analyse-image';
import { monorepoRoot } from '@/lib/analyses/app-group';

/** The reason the page shows: a user-facing error's own message; anything else is logged with its stack. */
function reasonFor(error: unknown, analysisId: string): string {
  if (error instanceof UserFacingError) return error.message;
  analysisLog(analysisId).error({ err: error }, 'analysis failed unexpectedly');
  return `The analysis stopped on an internal error. Try again; if it happens again, give the administrator this analysis id (${analysisId}): the server log has the details under it.`;
}

export function workDirFor(analysisId: string): string {
  return path.join(getSettings().dataDir, 'work', analysisId);
}

/** Plans for other platforms, where the engine can build them; a note where it cannot. */
async function platformPlans(multiStage: VariantPlan, platforms: string[], notes: Note[]): Promise<VariantPlan[]> {
  const native = `linux/${await engineArchitecture()}`;
  const { dockerfile, baseImages } = rewriteFromLines(multiStage.dockerfile, getSettings().baseImageMap);
  const plans: VariantPlan[] = [];
  for (const platform of platforms) {
    if (platform === native) {
      notes.push({ topic: platform, message: `${platform} is this engine's own platform: the multi-stage variant is built for it.` });
      continue;
    }
    const check = await checkPlatform(platform, dockerfile, baseImages);
    if (check.ok) plans.push({ ...multiStage, kind: `multi-stage:${platform.replace('/', '-')}`, platform });
    else notes.push({ topic: platform, message: check.reason });
  }
  return plans;
}

export interface JobControl {
  signal: AbortSignal;
}

/** How a run ended; the worker records it (only while it holds the job's lease). */
export type RunOutcome = JobOutcome;

function stopReason(signal: AbortSignal): StopReason | undefined {
  return signal.aborted ? ((signal.reason as StopReason | undefined) ?? 'canceled') : undefined;
}

/** Removes what a stopped or failed attempt left on the engine: its images and step images (all labelled). */
export async function removeLeftovers(analysisId: string): Promise<void> {
  await removeAnalysisImages(analysisId);
}

/**
 * Fetch, detect, generate, build every variant cold and warm, inspect. Runs on the
 * engine of the surrounding onEngine(); never throws: returns how it ended.
 */
export async function runAnalysis(
  analysisId: string,
  spec: SourceSpec,
  options: AnalysisOptions = {},
  control: JobControl = { signal: new AbortController().signal },
): Promise<RunOutcome> {
  const { signal } = control;
  const workDir = workDirFor(analysisId);
  let files: Promise<void> = Promise.resolve();
  const setProgress = (progress: AnalysisProgress) => saveProgress(analysisId, progress);
  try {
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    // A job taken up again starts from a clean slate, on the engine and in the database.
    await removeLeftovers(analysisId);
    await startAttempt(analysisId);

    if (spec.type === 'image' || spec.type === 'image-upload') {
      await analyseImage(spec, { analysisId, workDir, setProgress, signal });
      await judgeAnalysis(analysisId);
      return { status: 'succeeded', error: null, message: 'Finished' };
    }
    let lastPercent = -1;
    const source = spec.type === 'upload' ? await materializeUpload(spec, workDir) : spec;
    const root = await fetchSource(source, path.join(workDir, 'src'), {
      signal,
      onProgress: ({ stage, percent }) => {
        if (percent === lastPercent) return;
        lastPercent = percent;
        setProgress({ phase: 'fetching', message: `Fetching the source: ${stage}`, percent }).catch(() => undefined);
      },
    });
    signal.throwIfAborted();
    if (source.type === 'git') {
      const commit = await headCommit(path.join(workDir, 'src'));
      if (commit) await setCommit(analysisId, commit);
    }
    await setProgress({ phase: 'detecting', message: 'Detecting the stack' });
    const notes: Note[] = [];
    const ownDockerfile = repositoryDockerfile(root);
    let stack: Stack | null;
    try {
      stack = detectOrOwnDockerfile(root, { entryPoint: options.entryPoint, repoRoot: path.join(workDir, 'src') }, ownDockerfile, notes);
    } catch (error) {
      if (error instanceof MonorepoError) return await monorepoRoot(analysisId, error, options);
      throw error;
    }
    const generated = stack ? generateDockerfiles(stack) : null;
    // an app of a workspace builds from the workspace's root; the repository's own Dockerfile from its folder
    const generatedContext = stack?.language === 'node' && stack.workspace ? path.resolve(root, stack.workspace.root) : root;
    const hasOwnIgnore = existsSync(path.join(generatedContext, '.dockerignore'));
    if (stack && generated) {
      const finalBase = { id: generated.finalBase.base.id, image: generated.finalBase.base.image, reason: generated.finalBase.reason };
      await setStack(analysisId, { ...stack, finalBase, alternativeBases: generated.alternatives.map((a) => a.base.image) }, hasOwnIgnore ? null : generated.dockerignore);
    }

    const map = getSettings().baseImageMap;
    const engine = await engineFacts();
    // the repository's Dockerfile is built at the target its compose file builds, where one names it
    const own = ownDockerfile === null ? null : composeTarget(root, path.join(workDir, 'src'));
    if (own) notes.push({ topic: 'repository', message: `The repository's Dockerfile is built at the target ${own.file} builds for ${own.service}: ${own.target}.` });
    const plans = planVariants(generated, ownDockerfile, options.alternatives ?? false, own?.target);
    const buildCgroup = await limitBuilds(engine, plans, notes);
    const multi = plans.find((p) => p.kind === 'multi-stage');
    if (options.platforms?.length && multi && !engine.builders.includes('buildkit')) {
      notes.push({ topic: 'platforms', message: `Other platforms are built with BuildKit, which ${engineLabel(engine)} does not have; only the engine's own platform was built.` });
    } else if (options.platforms?.length && multi && !engine.otherPlatforms) {
      notes.push({
        topic: 'platforms',
        message: `${engineLabel(engine)} cannot inspect an image of another platform (its containerd image store never unpacks it: "snapshot … does not exist"); Docker 27.3+ (API 1.47) can. Only the engine's own platform was built.`,
      });
    } else if (options.platforms?.length && multi) {
      await setProgress({ phase: 'detecting', message: `Checking whether this engine can build ${options.platforms.join(', ')}` });
      plans.push(...(await platformPlans(multi, options.platforms, notes)));
    }
    if (notes.length) await setNotes(analysisId, notes);

    const jobs: VariantJob[] = [];
    for (const plan of plans) {
      const rewritten = rewriteFromLines(plan.dockerfile, map);
      const variantId = await createVariant({
        analysisId,
        kind: plan.kind,
        dockerfile: plan.dockerfile,
        baseImages: rewritten.baseImages,
        builder: builderOn(engine, plan.builder),
        finalBase: plan.finalBase,
        platform: plan.platform ?? null,
        engineFacts: { name: currentEngine().name, ...engine },
      });
      jobs.push({
        analysisId,
        variantId,
        kind: plan.kind,
        contextDir: plan.kind === 'repository' ? root : generatedContext,
        workDir,
        dockerfile: rewritten.dockerfile,
        shownDockerfile: plan.dockerfile,
        baseImages: rewritten.baseImages,
        builder: builderOn(engine, plan.builder),
        engine,
        buildCgroup,
        platform: plan.platform,
        target: plan.target,
        fallbackDockerignore: plan.useGeneratedIgnore && !hasOwnIgnore ? generated?.dockerignore : undefined,
        setProgress,
        signal,
      });
    }

    // Each image's files are read while the next images build (one export at a time);
    // their progress shows once the builds are done, so the page keeps to one story.
    let reportFiles: (progress: AnalysisProgress) => Promise<void> = async () => undefined;
    const failures: string[] = [];
    const built: VariantJob[] = [];
    for (const job of jobs) {
      const result = await buildVariant(job);
      signal.throwIfAborted();
      if (result.reason) failures.push(`The ${job.kind} build failed. ${result.reason}`);
      else built.push(job);
      const analyse = result.files;
      if (analyse) files = files.then(() => analyse((p) => reportFiles(p)));
    }
    if (failures.length && (await engineWentAway())) return { status: 'requeue', message: engineLostMessage() };
    if (options.warmRebuild !== false && stack && built.length && touchSource(root, stack.sourceFile, `${analysisId} ${Date.now()}`)) {
      for (const job of built) {
        await rebuildVariant(job);
        signal.throwIfAborted();
      }
    }
    await checkImages(built, setProgress, signal);
    reportFiles = setProgress;
    await setProgress({ phase: 'analysing', message: "Reading the images' files" });
    await files;
    signal.throwIfAborted();
    // the repository's budget, applied before the end is written: whoever sees it finished sees its verdict
    await judgeAnalysis(analysisId);
    // honest outcomes: the analysis is Shipshape's Dockerfiles; a repository Dockerfile that
    // did not build is a warning on its variant (the API's `warnings`), unless it was all there was
    const generatedBuilt = built.some((job) => job.kind !== 'repository');
    const counted = generatedBuilt ? failures.filter((f) => !f.startsWith('The repository build failed.')) : failures;
    return counted.length ? { status: 'failed', error: counted.join('\n'), message: 'Finished with errors' } : { status: 'succeeded', error: null, message: 'Finished' };
  } catch (error) {
    // a file analysis still reading stops with the signal; wait for it before cleaning up
    await files.catch(() => undefined);
    const stopped = stopReason(signal);
    if (stopped === 'lease-lost') return { status: 'abandoned' };
    if (stopped) {
      await cancelUnfinishedVariants(analysisId).catch(() => undefined);
      await removeLeftovers(analysisId).catch((err: unknown) => analysisLog(analysisId).error({ err }, 'could not remove what the analysis left on the engine'));
      if (stopped === 'shutdown') return { status: 'requeue', message: 'The server was stopped during this analysis; it starts again from the beginning' };
      return { status: 'canceled', error: null, message: 'Canceled' };
    }
    if (await engineWentAway()) return { status: 'requeue', message: engineLostMessage() };
    return { status: 'failed', error: reasonFor(error, analysisId), message: 'Failed' };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Puts the build limits on the engine's build cgroup before BuildKit builds (Docker's
 * BuildKit takes none through its API); a note says so where the engine does not allow it.
 */
async function limitBuilds(engine: EngineFacts, plans: VariantPlan[], notes: Note[]): Promise<BuildCgroupState | undefined> {
  const { limits } = getSettings();
  if (limits.buildkitLimits === 'off') return undefined;
  const wanted = { memoryBytes: limits.buildMemoryBytes, cpus: limits.buildCpus, pids: limits.buildPids };
  const applied = await applyBuildLimits(wanted);
  if (applied) return { parent: applied.cgroup.parent, memoryHits: applied.memoryHits };
  if (!engine.builders.includes('buildkit')) {
    notes.push({
      topic: 'limits',
      message: 'This engine runs build steps where Shipshape cannot put BUILD_PIDS on them (its cgroup driver is not cgroupfs); memory and CPU limits still apply to every step.',
    });
    return undefined;
  }
  const reason = `This engine runs BuildKit's steps where Shipshape cannot limit them (its cgroup driver is not cgroupfs): BUILD_MEMORY_MB, BUILD_CPUS and BUILD_PIDS bind the classic builder only here. The README says how to give BuildKit limits of its own.`;
  if (limits.buildkitLimits === 'required' && plans.some((p) => p.builder === 'buildkit'))
    throw new AppError(`${reason} BUILDKIT_LIMITS=required refuses such builds.`, 'limits_unavailable');
  notes.push({ topic: 'limits', message: reason });
  return undefined;
}

/** The detected stack; with none, a repository's own Dockerfile is still built (with a note). */
function detectOrOwnDockerfile(root: string, options: DetectOptions, ownDockerfile: string | null, notes: Note[]): Stack | null {
  try {
    return detectStack(root, options);
  } catch (error) {
    if (!(error instanceof StackNotDetectedError) || ownDockerfile === null) throw error;
    notes.push({ topic: 'stack', message: `${error.message} Only the repository's own Dockerfile was built.` });
    return null;
  }
}

/**
 * Whether a failure was the engine going away rather than the build: an engine that
 * is shutting down fails the build first and stops answering moments later, so it
 * is asked a few times.
 */
async function engineWentAway(): Promise<boolean> {
  for (let check = 0; check < ENGINE_CHECKS; check++) {
    if (check) await new Promise((resolve) => setTimeout(resolve, 1000));
    if (!(await checkEngine()).reachable) return true;
  }
  return false;
}

const ENGINE_CHECKS = 4;

function engineLostMessage(): string {
  return 'The Docker engine stopped answering during this analysis; it waits for an engine and starts again';
}
