import { getDb } from '@/lib/db';
import { BuildFailedError, buildImage } from '@/lib/docker/build-image';
import { LABELS } from '@/lib/docker/client';
import { inspectImage } from '@/lib/docker/inspect-image';
import type { BaseImageUse } from '@/lib/base-images/rewrite-from';
import type { AnalysisProgress, VariantKind } from '@/lib/analyses/kinds';

/** A build log longer than this is cut, with a note saying so. */
export const MAX_LOG_BYTES = 1024 * 1024;
const FLUSH_EVERY_MS = 750;

export interface VariantJob {
  analysisId: string;
  variantId: string;
  kind: VariantKind;
  contextDir: string;
  /** the Dockerfile as built: FROM lines already rewritten through BASE_IMAGE_MAP */
  dockerfile: string;
  baseImages: BaseImageUse[];
  setProgress: (progress: AnalysisProgress) => Promise<void>;
}

/** Turns the engine's words into a reason a person can act on. */
export function explainBuildFailure(message: string, baseImages: BaseImageUse[]): string {
  const step = /The command '(?:\/bin\/sh -c )?(.*)' returned a non-zero code: (\d+)/s.exec(message);
  if (step) return `The step \`RUN ${step[1]}\` failed with exit code ${step[2]}. The build log shows its output.`;
  if (/pull access denied|manifest unknown|not found: manifest|repository does not exist|no such host|dial tcp|i\/o timeout|failed to resolve|TLS handshake/i.test(message)) {
    const images = baseImages.filter((b) => b.used !== 'scratch').map((b) => b.used).join(', ');
    return `A base image (${images}) is not on the engine and could not be pulled: ${message}. Pull it onto the engine, or set BASE_IMAGE_MAP to a registry mirror you can reach.`;
  }
  if (/Docker engine is not reachable/.test(message)) return message;
  if (/dockerfile parse error|unknown instruction/i.test(message)) return `The Dockerfile is not valid: ${message}`;
  return `The build failed: ${message}`;
}

/**
 * Builds one variant, inspects the image and stores every number the engine reports.
 * Returns null on success, or the reason it failed.
 */
export async function buildVariant(job: VariantJob): Promise<string | null> {
  const db = getDb();
  let log = '';
  let truncated = false;
  let step: { step: number; total: number } | undefined;
  let lastFlush = 0;
  let flushing: Promise<unknown> = Promise.resolve();

  const flush = (force = false) => {
    const now = Date.now();
    if (!force && now - lastFlush < FLUSH_EVERY_MS) return;
    lastFlush = now;
    const data = { log, stepCurrent: step?.step ?? null, stepTotal: step?.total ?? null };
    flushing = flushing.then(() =>
      Promise.all([
        db.variant.update({ where: { id: job.variantId }, data }),
        job.setProgress({ phase: 'building', message: `Building the ${job.kind} image`, variant: job.kind, step: step?.step, total: step?.total }),
      ]),
    );
  };

  await db.variant.update({ where: { id: job.variantId }, data: { status: 'building' } });
  await job.setProgress({ phase: 'building', message: `Building the ${job.kind} image`, variant: job.kind });
  const tag = `shipshape/${job.analysisId}:${job.kind}`;
  try {
    const built = await buildImage({
      contextDir: job.contextDir,
      dockerfile: job.dockerfile,
      tag,
      labels: { [LABELS.managed]: 'true', [LABELS.analysis]: job.analysisId, [LABELS.variant]: job.kind },
      builder: 'classic',
      onLog: (text) => {
        if (truncated) return;
        if (log.length + text.length > MAX_LOG_BYTES) {
          log += `\n[log truncated at ${MAX_LOG_BYTES / 1024} kB]\n`;
          truncated = true;
        } else log += text;
        flush();
      },
      onProgress: (p) => {
        step = p;
        flush();
      },
    });
    flush(true);
    await flushing;
    await job.setProgress({ phase: 'inspecting', message: `Inspecting the ${job.kind} image`, variant: job.kind });
    const facts = await inspectImage(built.imageId);
    await db.$transaction([
      db.layer.deleteMany({ where: { variantId: job.variantId } }),
      db.layer.createMany({
        data: facts.layers.map((layer, position) => ({
          variantId: job.variantId,
          position,
          historyId: layer.historyId,
          createdBy: layer.createdBy,
          sizeBytes: BigInt(layer.sizeBytes),
          empty: layer.empty,
          createdAt: layer.createdAt,
        })),
      }),
      db.variant.update({
        where: { id: job.variantId },
        data: {
          status: 'succeeded',
          imageId: facts.id,
          imageTag: tag,
          sizeBytes: BigInt(facts.sizeBytes),
          buildSeconds: built.seconds,
          log,
        },
      }),
    ]);
    return null;
  } catch (error) {
    flush(true);
    await flushing.catch(() => undefined);
    const reason = error instanceof BuildFailedError ? explainBuildFailure(error.message, job.baseImages) : `The build could not run: ${(error as Error).message}`;
    await db.variant.update({ where: { id: job.variantId }, data: { status: 'failed', error: reason, log } });
    return reason;
  }
}
