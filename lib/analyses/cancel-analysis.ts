import { getDb } from '@/lib/db';
import { AppError, NotFoundError } from '@/lib/errors';
import { requestCancel } from '@/lib/analyses/store/jobs';
import { cancelLocally } from '@/lib/analyses/analysis-worker';
import { removeUpload } from '@/lib/analyses/stored-source';

export interface CancelResult {
  id: string;
  /** canceled: done; canceling: its worker stops the build within seconds */
  status: 'canceled' | 'canceling';
}

export async function cancelAnalysis(id: string): Promise<CancelResult> {
  const analysis = await getDb().analysis.findUnique({
    where: { id },
    select: { id: true, status: true, sourceType: true, sourceLabel: true, sourceRef: true, sourceSubdir: true },
  });
  if (!analysis) throw new NotFoundError(`No analysis with id "${id}".`);
  const result = await requestCancel(id);
  if (result === 'finished') {
    const now = await getDb().analysis.findUnique({ where: { id }, select: { status: true } });
    throw new AppError(`The analysis has already ended (${now?.status ?? analysis.status}); there is nothing to cancel.`, 'already_finished');
  }
  if (result === 'canceled') {
    await removeUpload(analysis);
    return { id, status: 'canceled' };
  }
  cancelLocally(id);
  return { id, status: 'canceling' };
}
