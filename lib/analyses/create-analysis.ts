import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getDb } from '@/lib/db';
import { getSettings } from '@/lib/env';
import { newAnalysisId, newShareToken } from '@/lib/ids';
import { InvalidInputError } from '@/lib/errors';
import { checkGitUrl, redactUrl, SourceRejectedError } from '@/lib/sources/git-url';
import type { SampleName } from '@/lib/sources/samples';
import type { SourceSpec } from '@/lib/sources/source-input';
import { getAnalysisQueue } from '@/lib/queue/analysis-queue';
import type { AnalysisRecord } from '@/lib/analyses/queries';
import { parseStoredOptions, type AnalysisOptions } from '@/lib/analyses/options';

export type Submission =
  | { type: 'git'; url: string; ref?: string; subdir?: string }
  | { type: 'sample'; name: SampleName; subdir?: string }
  | { type: 'archive'; filename: string; bytes: Uint8Array; subdir?: string };

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
const ARCHIVE_NAME = /\.(tar\.gz|tgz|zip)$/i;

function uploadPath(id: string, filename: string): string {
  const ext = ARCHIVE_NAME.exec(filename)?.[0].toLowerCase() ?? '';
  return path.join(getSettings().dataDir, 'uploads', `${id}${ext}`);
}

/** Checks what can be checked at once, stores the analysis as queued and enqueues it. */
export async function createAnalysis(submission: Submission, options: AnalysisOptions = {}): Promise<{ id: string }> {
  const id = newAnalysisId();
  let spec: SourceSpec;
  let label: string;
  switch (submission.type) {
    case 'git':
      try {
        checkGitUrl(submission.url, getSettings().allowLocalSources);
      } catch (error) {
        if (error instanceof SourceRejectedError) throw new InvalidInputError(error.message, 'invalid_source');
        throw error;
      }
      spec = { type: 'git', url: submission.url, ref: submission.ref, subdir: submission.subdir };
      label = redactUrl(submission.url);
      break;
    case 'sample':
      spec = { type: 'sample', name: submission.name, subdir: submission.subdir };
      label = `sample:${submission.name}`;
      break;
    case 'archive': {
      if (!ARCHIVE_NAME.test(submission.filename)) throw new InvalidInputError('Upload a .tar.gz, .tgz or .zip archive of the repository.', 'invalid_archive');
      if (submission.bytes.byteLength === 0) throw new InvalidInputError('The uploaded archive is empty.', 'invalid_archive');
      if (submission.bytes.byteLength > MAX_UPLOAD_BYTES) {
        throw new InvalidInputError(`The archive is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Upload the service's folder only.`, 'archive_too_large');
      }
      const file = uploadPath(id, submission.filename);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, submission.bytes);
      spec = { type: 'archive', file, filename: submission.filename, subdir: submission.subdir };
      label = path.basename(submission.filename);
      break;
    }
  }
  await getDb().analysis.create({
    data: {
      id,
      status: 'queued',
      sourceType: submission.type,
      sourceLabel: label,
      sourceRef: submission.type === 'git' ? (submission.ref ?? null) : null,
      sourceSubdir: submission.subdir ?? null,
      shareToken: newShareToken(),
      options: JSON.stringify(options),
      progress: JSON.stringify({ phase: 'queued', message: 'Waiting for the builder' }),
    },
  });
  getAnalysisQueue().enqueue({ analysisId: id, spec, options });
  return { id };
}

/** The source of a stored analysis, for taking it up again after a restart. */
export function specFromRecord(analysis: Pick<AnalysisRecord, 'id' | 'sourceType' | 'sourceLabel' | 'sourceRef' | 'sourceSubdir'>): SourceSpec {
  const subdir = analysis.sourceSubdir ?? undefined;
  switch (analysis.sourceType) {
    case 'sample':
      return { type: 'sample', name: analysis.sourceLabel.replace(/^sample:/, '') as SampleName, subdir };
    case 'archive':
      return { type: 'archive', file: uploadPath(analysis.id, analysis.sourceLabel), filename: analysis.sourceLabel, subdir };
    default:
      return { type: 'git', url: analysis.sourceLabel, ref: analysis.sourceRef ?? undefined, subdir };
  }
}

/**
 * At start: analyses a previous process left queued or running are taken up again,
 * oldest first. (A git URL's credentials were never stored; such a clone then fails
 * with a reason that says so.)
 */
export async function resumeInterruptedAnalyses(): Promise<number> {
  const open = await getDb().analysis.findMany({
    where: { status: { in: ['queued', 'running'] } },
    orderBy: { createdAt: 'asc' },
    select: { id: true, sourceType: true, sourceLabel: true, sourceRef: true, sourceSubdir: true, options: true },
  });
  for (const analysis of open) {
    getAnalysisQueue().enqueue({ analysisId: analysis.id, spec: specFromRecord(analysis), options: parseStoredOptions(analysis.options) });
  }
  return open.length;
}
