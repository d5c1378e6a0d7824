import { NextResponse } from 'next/server';
import { createAnalysis, type Submission } from '@/lib/analyses/create-analysis';
import { listAnalyses } from '@/lib/analyses/queries';
import { toAnalysisSummaryJson } from '@/lib/analyses/analysis-json';
import { originOf, withErrors } from '@/lib/api/errors';
import { BadRequestError, InvalidInputError } from '@/lib/errors';
import { analysisOptionsSchema, type AnalysisOptions } from '@/lib/analyses/options';
import { archiveFieldsSchema, submissionSchema } from '@/lib/sources/source-input';
import { requireActor } from '@/lib/auth/current-user';
import { countSubmission } from '@/lib/auth/rate-limits';
import { audit } from '@/lib/audit';

async function readSubmission(request: Request): Promise<{ submission: Submission; options: AnalysisOptions }> {
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await request.formData().catch(() => {
      throw new BadRequestError('The upload could not be read as a multipart form.', 'invalid_form');
    });
    const archive = form.get('archive');
    if (!(archive instanceof File)) throw new InvalidInputError('Send the repository archive in the form field "archive".', 'missing_archive');
    const fields = archiveFieldsSchema.parse({ subdir: form.get('subdir') ?? undefined, options: form.get('options') ?? undefined });
    const options = fields.options ? analysisOptionsSchema.parse(parseJsonField(fields.options)) : {};
    return { submission: { type: 'archive', filename: archive.name, bytes: new Uint8Array(await archive.arrayBuffer()), subdir: fields.subdir }, options };
  }
  const body: unknown = await request.json().catch(() => {
    throw new BadRequestError('The body must be JSON like {"source":{"type":"git","url":"https://..."}}, or a multipart form with an "archive" file.', 'invalid_json');
  });
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

// POST /api/analyses - submit a repository (git URL, built-in sample or uploaded archive)
export const POST = withErrors(async (request: Request) => {
  const actor = await requireActor(request, 'submit');
  await countSubmission(actor.id);
  const { submission, options } = await readSubmission(request);
  const { id } = await createAnalysis(submission, options, actor.email);
  await audit(actor.email, 'analysis.submit', id, submission.type === 'archive' ? submission.filename : undefined);
  return NextResponse.json({ id }, { status: 202, headers: { Location: `/api/analyses/${id}` } });
});

// GET /api/analyses - every analysis, newest first
export const GET = withErrors(async (request: Request) => {
  await requireActor(request, 'view');
  const origin = originOf(request);
  const analyses = await listAnalyses();
  return NextResponse.json({ analyses: analyses.map((a) => toAnalysisSummaryJson(a, origin)) });
});
