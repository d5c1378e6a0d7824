import { originOf, withErrors } from '@/lib/api/errors';
import { downloadFormatSchema, downloadResponse } from '@/lib/api/download';
import { requireActor } from '@/lib/auth/current-user';
import { getRepositoryJson } from '@/lib/repositories/repository-json';

// GET /api/repositories/:id/export?format=csv|json - the history: one row per analysis and image
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireActor(request, 'view');
  const { id } = await params;
  const { format } = downloadFormatSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const repository = await getRepositoryJson(id, originOf(request));
  const columns = ['analysisId', 'createdAt', 'status', 'ref', 'commit', 'commitSubject', 'variant', 'variantStatus', 'sizeBytes', 'compressedBytes', 'budgetPass'];
  const rows = repository.history.flatMap((h) =>
    h.variants.map((v) => [
      h.analysisId,
      h.createdAt,
      h.status,
      h.ref,
      h.commit?.sha,
      h.commit?.subject,
      v.kind,
      v.status,
      v.sizeBytes,
      v.compressedBytes,
      h.verdict ? h.verdict.pass : null,
    ]),
  );
  return downloadResponse(format, `${repository.name}-history`, columns, rows, repository);
});
