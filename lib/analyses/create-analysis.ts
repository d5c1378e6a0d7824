import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { createAnalysisRow } from '@/lib/analyses/store/analyses';
import { getSettings } from '@/lib/env';
import { newAnalysisId, newShareToken } from '@/lib/ids';
import { InvalidInputError } from '@/lib/errors';
import { parseGitUrl, redactUrl, SourceRejectedError } from '@/lib/sources/git-url';
import { checkHost } from '@/lib/sources/host-check';
import { registryHost } from '@/lib/build-policy/image-access';
import type { SampleName } from '@/lib/sources/samples';
import { storeUpload } from '@/lib/analyses/store/uploads';
import { uploadTooLarge } from '@/lib/analyses/receive-upload';
import { wakeWorker } from '@/lib/analyses/analysis-worker';
import { seal } from '@/lib/secrets';
import { IMAGE_ARCHIVE_NAME, parseImageRef, type RegistryCredentials } from '@/lib/sources/image-ref';
import type { AnalysisOptions } from '@/lib/analyses/options';
import { repositoryKey, type RepositorySource } from '@/lib/analyses/repository-key';
import { ensureRepository } from '@/lib/repositories/repositories';

export type Submission =
  | { type: 'git'; url: string; ref?: string; subdir?: string }
  | { type: 'sample'; name: SampleName; subdir?: string }
  | ({ type: 'archive'; filename: string; bytes: Uint8Array; subdir?: string } & UploadIdentity)
  /** an upload already written to disk (lib/analyses/receive-upload.ts): moved into DATA_DIR/uploads */
  | ({ type: 'archive'; filename: string; file: string; subdir?: string } & UploadIdentity)
  /** an image in a registry, with the credentials to pull it where they are not the instance's own */
  | { type: 'image'; ref: string; credentials?: RegistryCredentials }
  /** an uploaded `docker save` file (or OCI layout), written to disk like an archive */
  | ({ type: 'image-archive'; filename: string } & ({ file: string } | { bytes: Uint8Array }));

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
    case 'archive':
    case 'image-archive': {
      const [pattern, what] =
        submission.type === 'archive'
          ? [ARCHIVE_NAME, 'Upload a .tar.gz, .tgz or .zip archive of the repository.']
          : [IMAGE_ARCHIVE_NAME, 'Upload the image as the .tar that `docker save` writes (or a .tar.gz / .tgz of it).'];
      if (!pattern.test(submission.filename)) throw new InvalidInputError(what, 'invalid_archive');
      const size = 'file' in submission ? statSync(submission.file).size : submission.bytes.byteLength;
      if (size === 0) throw new InvalidInputError('The uploaded archive is empty.', 'invalid_archive');
      if (size > maxUpload) throw uploadTooLarge(maxUpload);
      // kept in the database until the job ends: a worker on any machine reads it there
      await storeUpload(id, 'file' in submission ? { file: submission.file } : { bytes: submission.bytes });
      if ('file' in submission) rmSync(submission.file, { force: true });
      label = path.basename(submission.filename);
      break;
    }
    case 'image': {
      const reference = parseImageRef(submission.ref);
      if (!reference) throw new InvalidInputError(`"${submission.ref}" is not an image reference like registry.example.com/team/api:1.4.`, 'invalid_source');
      await checkImageRegistry(reference.ref);
      label = reference.ref;
      // the credentials wait sealed in the row, like a git URL's, and go when the job ends
      if (submission.credentials) secret = seal(JSON.stringify(submission.credentials));
      break;
    }
  }
  const repositorySource: RepositorySource =
    submission.type === 'git'
      ? { type: 'git', url: submission.url, subdir: submission.subdir }
      : submission.type === 'sample'
        ? { type: 'sample', name: submission.name, subdir: submission.subdir }
        : submission.type === 'image'
          ? { type: 'image', ref: label }
          : submission.type === 'image-archive'
            ? { type: 'archive', filename: label }
            : submission.repository
              ? { type: 'named', name: submission.repository, subdir: submission.subdir }
              : { type: 'archive', filename: label, subdir: submission.subdir };
  const key = repositoryKey(repositorySource, submittedBy, id);
  await createAnalysisRow({
    id,
    sourceType: submission.type,
    sourceLabel: label,
    sourceRef: submission.type === 'git' ? (submission.ref ?? null) : null,
    sourceSubdir: 'subdir' in submission ? (submission.subdir ?? null) : null,
    // the link's secret; it works only once a member shares the analysis
    shareToken: newShareToken(),
    repositoryKey: key,
    repositoryId: await ensureRepository(key, repositorySource),
    commit: submission.type === 'archive' && submission.commit ? { sha: submission.commit.sha, subject: submission.commit.subject ?? null } : null,
    sourceSecret: secret,
    submittedBy: submittedBy ?? null,
    options,
  });
  wakeWorker();
  return { id };
}

/** An image's registry that is private is refused at once (the check runs again when the job pulls). */
async function checkImageRegistry(ref: string): Promise<void> {
  await checkHost(registryHost(ref), getSettings().sourceHostAllowlist, 'The registry of the image').catch((error: unknown) => {
    if (error instanceof SourceRejectedError) throw new InvalidInputError(error.message, 'invalid_source');
  });
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
