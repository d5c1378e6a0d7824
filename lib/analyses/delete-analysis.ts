import { getDb } from '@/lib/db';
import { deleteAnalysisRow } from '@/lib/analyses/store/analyses';
import { AppError, NotFoundError } from '@/lib/errors';
import { TERMINAL_STATUSES } from '@/lib/analyses/kinds';
import { removeUpload } from '@/lib/analyses/stored-source';
import { getEngine, getEngines, onEngine } from '@/lib/docker/client';
import { removeAnalysisImages } from '@/lib/docker/cleanup';
import type { Actor } from '@/lib/auth/current-user';

/**
 * Deletes an analysis: its images on the engine first, then every number (variants,
 * layers and files go with it). Its submitter or an admin may; a running one is
 * canceled first by whoever asks.
 */
export async function deleteAnalysis(id: string, actor: Actor): Promise<void> {
  const db = getDb();
  const analysis = await db.analysis.findUnique({
    where: { id },
    select: { id: true, status: true, submittedBy: true, engine: true, imagesRemovedAt: true, sourceType: true, sourceLabel: true, sourceRef: true, sourceSubdir: true },
  });
  if (!analysis) throw new NotFoundError(`No analysis with id "${id}". It may have been deleted already.`);
  if (actor.role !== 'admin' && analysis.submittedBy !== actor.email) throw new AppError('Only whoever submitted an analysis, or an admin, can delete it.', 'forbidden');
  if (!TERMINAL_STATUSES.has(analysis.status)) throw new AppError(`The analysis is ${analysis.status}: cancel it first, then delete it.`, 'still_running');
  // an engine no longer configured holds nothing this instance can reach
  const engineListed = getEngines().some((e) => e.name === analysis.engine);
  if (analysis.engine && engineListed && !analysis.imagesRemovedAt) {
    await onEngine(getEngine(analysis.engine), () => removeAnalysisImages(id)).catch((error: unknown) => {
      throw new AppError(
        `The images of this analysis could not be removed from the engine "${analysis.engine}" (${(error as Error).message}). Nothing was deleted; try again when the engine is back.`,
        'engine_unreachable',
      );
    });
  }
  await removeUpload(analysis).catch(() => undefined);
  await deleteAnalysisRow(id);
}
