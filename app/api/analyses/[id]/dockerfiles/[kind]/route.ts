import { getAnalysisOrThrow } from '@/lib/analyses/queries';
import { withErrors } from '@/lib/api/errors';
import { NotFoundError } from '@/lib/errors';
import { requireActor } from '@/lib/auth/current-user';

// GET /api/analyses/:id/dockerfiles/:kind - download a generated Dockerfile
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ id: string; kind: string }> }) => {
  await requireActor(request, 'view');
  const { id, kind } = await params;
  const variant = (await getAnalysisOrThrow(id)).variants.find((v) => v.kind === kind);
  if (!variant) throw new NotFoundError(`This analysis has no ${kind} Dockerfile.`);
  return new Response(variant.dockerfile, {
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Disposition': `attachment; filename="Dockerfile.${variant.kind}"`,
    },
  });
});
