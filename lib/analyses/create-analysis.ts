import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { getDb } from '@/lib/db';
import { getSettings } from '@/lib/env';
import { newAnalysisId, newShareToken } from '@/lib/ids';
import { InvalidInputError } from '@/lib/errors';
import { parseGitUrl, redactUrl, SourceRejectedError } from '@/lib/sources/git-url';
import { checkHost } from '@/lib/sources/host-check';
import type { SampleName } from '@/lib/sources/samples';
import { storeUpload } from '@/lib/analyses/upload-store';
import { uploadTooLarge } from '@/lib/analyses/receive-upload';
import { wakeWorker } from '@/lib/analyses/analysis-worker';
import { seal } from '@/lib/secrets';
import type { AnalysisOptions } from '@/lib/analyses/options';
import { repositoryKey, type RepositorySource } from '@/lib/analyses/repository-key';
import { ensureRepository } from '@/lib/repositories/repositories';

export type Submission =
  | { type: 'git'; url: string; ref?: string; subdir?: string }
  | { type: 'sample'; name: SampleName; subdir?: string }
  | ({ type: 'archive'; filename: string; bytes: Uint8Array; subdir?: string } & UploadIdentity)
  /** an upload already written to disk (lib/analyses/receive-upload.ts): moved into DATA_DIR/uploads */
  | ({ type: 'archive'; filename: string; file: string; subdir?: string } & UploadIdentity);

/** What an uploader may say of an upload: the repository it is of, and the commit (the CLI reads it from git). */
export interface UploadIdentity {
  repository?: string;
  commit?: { sha: string; subject?: string };
}

const ARCHIVE_NAME = /\.(tar\.gz|tgz|zip)$/i;

/**
 * Checks what can be checked at once and stores the analysis as a queued job; a
 * worker (this process's or another's) takes it up. A git URL's credentials are
 * stored sealed (lib/secrets) and dropped when the job ends.
 */
export async function createAnalysis(submission: Submission, options: AnalysisOptions = {}, submittedBy?: string): Promise<{ id: string }> {
  const id = newAnalysisId();
  let label: string;
  let secret: string | null = null;
  const maxUpload = getSettings().limits.maxUploadBytes;
  switch (submission.type) {
    case 'git':
      try {
        await checkGitSource(submission.url);
      } catch (error) {
        if (error instanceof SourceRejectedError) throw new InvalidInputError(error.message, 'invalid_source');
        throw error;
      }
      label = redactUrl(submission.url);
      if (label !== submission.url) secret = seal(submission.url);
      break;
    case 'sample':
      label = `sample:${submission.name}`;
      break;
    case 'archive': {
      if (!ARCHIVE_NAME.test(submission.filename)) throw new InvalidInputError('Upload a .tar.gz, .tgz or .zip archive of the repository.', 'invalid_archive');
      const size = 'file' in submission ? statSync(submission.file).size : submission.bytes.byteLength;
      if (size === 0) throw new InvalidInputError('The uploaded archive is empty.', 'invalid_archive');
      if (size > maxUpload) throw uploadTooLarge(maxUpload);
      // kept in the database until the job ends: a worker on any machine reads it there
      await storeUpload(id, 'file' in submission ? { file: submission.file } : { bytes: submission.bytes });
      if ('file' in submission) rmSync(submission.file, { force: true });
      label = path.basename(submission.filename);
      break;
    }
  }
  const repositorySource: RepositorySource =
    submission.type === 'git'
      ? { type: 'git', url: submission.url, subdir: submission.subdir }
      : submission.type === 'sample'
        ? { type: 'sample', name: submission.name, subdir: submission.subdir }
        : submission.repository
          ? { type: 'named', name: submission.repository, subdir: submission.subdir }
          : { type: 'archive', filename: label, subdir: submission.subdir };
  const key = repositoryKey(repositorySource, submittedBy, id);
  await getDb().analysis.create({
    data: {
      id,
      status: 'queued',
      sourceType: submission.type,
      sourceLabel: label,
      sourceRef: submission.type === 'git' ? (submission.ref ?? null) : null,
      sourceSubdir: submission.subdir ?? null,
      // the link's secret; it works only once a member shares the analysis
      shareToken: newShareToken(),
      repositoryKey: key,
      repositoryId: await ensureRepository(key, repositorySource),
      ...(submission.type === 'archive' && submission.commit ? { commitSha: submission.commit.sha, commitSubject: submission.commit.subject ?? null } : {}),
      sourceSecret: secret,
      submittedBy: submittedBy ?? null,
      options: JSON.stringify(options),
      progress: JSON.stringify({ phase: 'queued', message: 'Waiting for the builder' }),
    },
  });
  wakeWorker();
  return { id };
}

/**
 * What can be refused at once: the URL's form, and a host that is private (the
 * check runs again, after redirects, when the job clones). A host that does not
 * resolve now is left to the clone, which explains it.
 */
async function checkGitSource(url: string): Promise<void> {
  const settings = getSettings();
  const target = parseGitUrl(url, settings.allowLocalSources);
  if (target.kind === 'local') return;
  const host = target.kind === 'http' ? target.url.hostname : target.host;
  await checkHost(host, settings.sourceHostAllowlist, 'The git URL').catch((error: unknown) => {
    if (error instanceof SourceRejectedError) throw error;
  });
}
