import { rmSync } from 'node:fs';
import { NextResponse } from 'next/server';
import { createAnalysis, type Submission } from '@/lib/analyses/create-analysis';
import { listAnalyses } from '@/lib/analyses/queries';
import { toAnalysisSummaryJson } from '@/lib/analyses/analysis-json';
import { receiveForm } from '@/lib/analyses/receive-upload';
import { originOf, withErrors } from '@/lib/api/errors';
import { readJson } from '@/lib/api/read-json';
import { BadRequestError, InvalidInputError } from '@/lib/errors';
import { analysisOptionsSchema, type AnalysisOptions } from '@/lib/analyses/options';
import { archiveFieldsSchema, submissionSchema, uploadTypeSchema } from '@/lib/sources/source-input';
import { requireActor } from '@/lib/auth/current-user';
import { countSubmission, quotaKey } from '@/lib/auth/rate-limits';
import { audit } from '@/lib/audit';

type Read = { submission: Submission; options: AnalysisOptions };

/**
 * A multipart upload: the archive is streamed to disk (MAX_UPLOAD_MB), the fields checked.
 * `type=image-archive` makes it an image (a `docker save` file) instead of a repository.
 */
async function readUpload(request: Request): Promise<Read> {
  const { archive, fields } = await receiveForm(request);
  try {
    const { type } = uploadTypeSchema.parse({ type: fields.type });
    if (!archive)
      throw new InvalidInputError(`Send the ${type === 'image-archive' ? 'image (a docker save file)' : 'repository archive'} in the form field "archive".`, 'missing_archive');
    if (type === 'image-archive') return { submission: { type: 'image-archive', filename: archive.filename, file: archive.file }, options: {} };
    const parsed = archiveFieldsSchema.parse({
      subdir: fields.subdir,
      options: fields.options,
      repository: fields.repository,
      commitSha: fields.commitSha,
      commitSubject: fields.commitSubject,
    });
    const options = parsed.options ? analysisOptionsSchema.parse(parseJsonField(parsed.options)) : {};
    const commit = parsed.commitSha ? { sha: parsed.commitSha, subject: parsed.commitSubject } : undefined;
    return { submission: { type: 'archive', filename: archive.filename, file: archive.file, subdir: parsed.subdir, repository: parsed.repository, commit }, options };
  } catch (error) {
    if (archive) rmSync(archive.file, { force: true });
    throw error;
  }
}

async function readSubmission(request: Request): Promise<Read> {
  if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) return readUpload(request);
  const body = await readJson(request, 'The body must be JSON like {"source":{"type":"git","url":"https://..."}}, or a multipart form with an "archive" file.');
  const parsed = submissionSchema.parse(body);
  return { submission: parsed.source, options: parsed.options ?? {} };
}

function parseJsonField(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError('The form field "options" must be JSON, like {"alternatives":true}.', 'invalid_options');
  }
}

// POST /api/analyses - submit a repository (git URL, built-in sample or uploaded archive) or an image (reference, or docker save file)
export const POST = withErrors(async (request: Request) => {
  const actor = await requireActor(request, 'submit');
  // counted before the body is read (a used-up quota refuses the upload at once), given
  // back when the submission is refused: only analyses that are queued use it up
  const counted = await countSubmission(quotaKey(actor, request.headers));
  let created: { id: string; submission: Submission };
  try {
    const { submission, options } = await readSubmission(request);
    try {
      created = { id: (await createAnalysis(submission, options, actor.email)).id, submission };
    } finally {
      // createAnalysis moved the archive into place; anything left is a refused upload's
      if ((submission.type === 'archive' || submission.type === 'image-archive') && 'file' in submission) rmSync(submission.file, { force: true });
    }
  } catch (error) {
    await counted.refund();
    throw error;
  }
  const { id, submission } = created;
  await audit(
    actor.email,
    'analysis.submit',
    id,
    submission.type === 'archive' || submission.type === 'image-archive' ? submission.filename : submission.type === 'image' ? submission.ref : undefined,
  );
  return NextResponse.json({ id }, { status: 202, headers: { Location: `/api/analyses/${id}` } });
});

// GET /api/analyses - every analysis, newest first
export const GET = withErrors(async (request: Request) => {
  await requireActor(request, 'view');
  const origin = originOf(request);
  const analyses = await listAnalyses();
  return NextResponse.json({ analyses: analyses.map((a) => toAnalysisSummaryJson(a, origin)) });
});
