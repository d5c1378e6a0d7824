import { getSettings } from '@/lib/env';
import { runCheck, type RunCheck } from '@/lib/docker/run-check';
import { saveRunCheck } from '@/lib/analyses/store/variants';
import type { VariantJob } from '@/lib/analyses/build-variant';
import type { AnalysisProgress } from '@/lib/analyses/kinds';

/**
 * The run check of every image built for the engine's own platform (RUN_CHECK), one at
 * a time; an image of another platform does not run here and keeps none.
 */
export async function checkImages(jobs: VariantJob[], setProgress: (progress: AnalysisProgress) => Promise<void>, signal: AbortSignal): Promise<void> {
  const settings = getSettings().runCheck;
  if (!settings.enabled) return;
  for (const job of jobs) {
    if (job.platform || !job.imageId) continue;
    await setProgress({ phase: 'checking', message: `Running the ${job.kind} image`, variant: job.kind });
    let check: RunCheck;
    try {
      check = await runCheck({ imageId: job.imageId, analysisId: job.analysisId, kind: job.kind, seconds: settings.seconds, memoryBytes: settings.memoryBytes, signal });
    } catch (error) {
      signal.throwIfAborted();
      check = {
        outcome: 'not-started',
        reason: `the run check could not run on this engine: ${(error as Error).message}`,
        exitCode: null,
        output: '',
        seconds: 0,
        ports: [],
        http: null,
      };
    }
    await saveRunCheck(job.variantId, check);
  }
}
