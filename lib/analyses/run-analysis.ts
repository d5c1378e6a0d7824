import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { getDb } from '@/lib/db';
import { getSettings } from '@/lib/env';
import { rewriteFromLines } from '@/lib/base-images/rewrite-from';
import { engineArchitecture } from '@/lib/docker/engine-health';
import { checkPlatform } from '@/lib/docker/platforms';
import { detectStack, generateDockerfiles } from '@/lib/stacks/detect';
import { touchSource } from '@/lib/stacks/source-change';
import { fetchSource } from '@/lib/sources/fetch-source';
import type { SourceSpec } from '@/lib/sources/source-input';
import { AppError } from '@/lib/errors';
import { buildVariant, rebuildVariant, type VariantJob } from '@/lib/analyses/build-variant';
import type { AnalysisProgress, Note } from '@/lib/analyses/kinds';
import type { AnalysisOptions } from '@/lib/analyses/options';
import { planVariants, repositoryDockerfile, type VariantPlan } from '@/lib/analyses/plan-variants';

// Errors whose message is written for the user; anything else is reported generically.
const USER_FACING = new Set(['SourceFetchError', 'SourceRejectedError', 'StackNotDetectedError']);

function reasonFor(error: unknown): string {
  if (error instanceof AppError || (error instanceof Error && USER_FACING.has(error.name))) return error.message;
  console.error('analysis failed unexpectedly', error);
  return 'The analysis stopped on an internal error. Try again; if it happens again, the server log has the details.';
}

export function workDirFor(analysisId: string): string {
  return path.join(getSettings().dataDir, 'work', analysisId);
}

/** Plans for other platforms, where the engine can build them; a note where it cannot. */
async function platformPlans(multiStage: VariantPlan, platforms: string[], builderImage: string | undefined, notes: Note[]): Promise<VariantPlan[]> {
  const native = `linux/${await engineArchitecture()}`;
  const plans: VariantPlan[] = [];
  for (const platform of platforms.filter((p) => p !== native)) {
    const check = builderImage ? await checkPlatform(platform, builderImage) : { ok: false as const, reason: `No base image to check ${platform} with.` };
    if (check.ok) plans.push({ ...multiStage, kind: `multi-stage:${platform.replace('/', '-')}`, platform });
    else notes.push({ topic: platform, message: check.reason });
  }
  return plans;
}

/** Fetch, detect, generate, build every variant cold and warm, inspect. Never throws. */
export async function runAnalysis(analysisId: string, spec: SourceSpec, options: AnalysisOptions = {}): Promise<void> {
  const db = getDb();
  const workDir = workDirFor(analysisId);
  const setProgress = async (progress: AnalysisProgress) => {
    await db.analysis.update({ where: { id: analysisId }, data: { progress: JSON.stringify(progress) } });
  };
  try {
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    // A job taken up again after a restart starts from a clean slate.
    await db.variant.deleteMany({ where: { analysisId } });
    await db.analysis.update({
      where: { id: analysisId },
      data: { status: 'running', startedAt: new Date(), error: null, notes: null, progress: JSON.stringify({ phase: 'fetching', message: 'Fetching the source' }) },
    });

    const root = await fetchSource(spec, path.join(workDir, 'src'));
    await setProgress({ phase: 'detecting', message: 'Detecting the stack' });
    const stack = detectStack(root, { entryPoint: options.entryPoint });
    const generated = generateDockerfiles(stack);
    const hasOwnIgnore = existsSync(path.join(root, '.dockerignore'));
    const finalBase = { id: generated.finalBase.base.id, image: generated.finalBase.base.image, reason: generated.finalBase.reason };
    await db.analysis.update({
      where: { id: analysisId },
      data: {
        stack: JSON.stringify({ ...stack, finalBase, alternativeBases: generated.alternatives.map((a) => a.base.image) }),
        dockerignore: hasOwnIgnore ? null : generated.dockerignore,
      },
    });

    const map = getSettings().baseImageMap;
    const notes: Note[] = [];
    const plans = planVariants(generated, repositoryDockerfile(root), options.alternatives ?? false);
    if (options.platforms?.length) {
      const multi = plans.find((p) => p.kind === 'multi-stage')!;
      const builderImage = rewriteFromLines(multi.dockerfile, map).baseImages[0]?.used;
      await setProgress({ phase: 'detecting', message: `Checking whether this engine can build ${options.platforms.join(', ')}` });
      plans.push(...(await platformPlans(multi, options.platforms, builderImage, notes)));
    }
    if (notes.length) await db.analysis.update({ where: { id: analysisId }, data: { notes: JSON.stringify(notes) } });

    const jobs: VariantJob[] = [];
    for (const plan of plans) {
      const rewritten = rewriteFromLines(plan.dockerfile, map);
      const variant = await db.variant.create({
        data: {
          analysisId,
          kind: plan.kind,
          status: 'pending',
          dockerfile: plan.dockerfile,
          baseImages: JSON.stringify(rewritten.baseImages),
          builder: plan.builder,
          finalBase: plan.finalBase,
          platform: plan.platform ?? null,
        },
      });
      jobs.push({
        analysisId,
        variantId: variant.id,
        kind: plan.kind,
        contextDir: root,
        dockerfile: rewritten.dockerfile,
        shownDockerfile: plan.dockerfile,
        baseImages: rewritten.baseImages,
        builder: plan.builder,
        platform: plan.platform,
        fallbackDockerignore: plan.useGeneratedIgnore && !hasOwnIgnore ? generated.dockerignore : undefined,
        setProgress,
      });
    }

    const failures: string[] = [];
    const built: VariantJob[] = [];
    for (const job of jobs) {
      const reason = await buildVariant(job);
      if (reason) failures.push(`The ${job.kind} build failed. ${reason}`);
      else built.push(job);
    }
    if (options.warmRebuild !== false && built.length && touchSource(root, stack.sourceFile, `${analysisId} ${Date.now()}`)) {
      for (const job of built) await rebuildVariant(job);
    }
    await db.analysis.update({
      where: { id: analysisId },
      data: {
        status: failures.length ? 'failed' : 'succeeded',
        error: failures.length ? failures.join('\n') : null,
        finishedAt: new Date(),
        progress: JSON.stringify({ phase: 'finished', message: failures.length ? 'Finished with errors' : 'Finished' }),
      },
    });
  } catch (error) {
    await db.analysis
      .update({
        where: { id: analysisId },
        data: { status: 'failed', error: reasonFor(error), finishedAt: new Date(), progress: JSON.stringify({ phase: 'finished', message: 'Failed' }) },
      })
      .catch((dbError: unknown) => console.error('could not record the failure of analysis', analysisId, dbError));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    if (spec.type === 'archive') rmSync(spec.file, { force: true });
  }
}
