import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { getDb } from '@/lib/db';
import { getSettings } from '@/lib/env';
import { rewriteFromLines } from '@/lib/base-images/rewrite-from';
import { detectStack, generateDockerfiles } from '@/lib/stacks/detect';
import { fetchSource } from '@/lib/sources/fetch-source';
import type { SourceSpec } from '@/lib/sources/source-input';
import { AppError } from '@/lib/errors';
import { buildVariant } from '@/lib/analyses/build-variant';
import type { AnalysisProgress, VariantKind } from '@/lib/analyses/kinds';

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

/** Fetch, detect, generate, build both variants, inspect. Never throws. */
export async function runAnalysis(analysisId: string, spec: SourceSpec): Promise<void> {
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
      data: { status: 'running', startedAt: new Date(), error: null, progress: JSON.stringify({ phase: 'fetching', message: 'Fetching the source' }) },
    });

    const root = await fetchSource(spec, path.join(workDir, 'src'));
    await setProgress({ phase: 'detecting', message: 'Detecting the stack' });
    const stack = detectStack(root);
    const generated = generateDockerfiles(stack);
    await db.analysis.update({ where: { id: analysisId }, data: { stack: JSON.stringify({ ...stack, finalBase: generated.finalBase }) } });

    const map = getSettings().baseImageMap;
    const plans: { kind: VariantKind; text: string }[] = [
      { kind: 'single-stage', text: generated.singleStage },
      { kind: 'multi-stage', text: generated.multiStage },
    ];
    const jobs = [];
    for (const plan of plans) {
      const rewritten = rewriteFromLines(plan.text, map);
      const variant = await db.variant.create({
        data: { analysisId, kind: plan.kind, status: 'pending', dockerfile: plan.text, baseImages: JSON.stringify(rewritten.baseImages) },
      });
      jobs.push({ analysisId, variantId: variant.id, kind: plan.kind, contextDir: root, dockerfile: rewritten.dockerfile, baseImages: rewritten.baseImages, setProgress });
    }
    const failures: string[] = [];
    for (const job of jobs) {
      const reason = await buildVariant(job);
      if (reason) failures.push(`The ${job.kind} build failed. ${reason}`);
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
