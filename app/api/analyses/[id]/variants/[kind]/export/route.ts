import { getAnalysisOrThrow } from '@/lib/analyses/queries';
import { withErrors } from '@/lib/api/errors';
import { downloadResponse } from '@/lib/api/download';
import { variantExportQuerySchema } from '@/lib/api/schemas';
import { requireActor } from '@/lib/auth/current-user';
import { NotFoundError } from '@/lib/errors';
import { fileStateAt } from '@/lib/image-files/stored-files';

// GET /api/analyses/:id/variants/:kind/export?what=layers|files&format=csv|json - an image's layers, or the files of the final image
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ id: string; kind: string }> }) => {
  await requireActor(request, 'view');
  const { id, kind } = await params;
  const { format, what } = variantExportQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const variant = (await getAnalysisOrThrow(id)).variants.find((v) => v.kind === kind);
  if (!variant) throw new NotFoundError(`This analysis has no ${kind} variant.`);
  const name = `${id}-${kind}-${what}`;
  if (what === 'layers') {
    const layers = variant.layers.map((l) => ({
      position: l.position,
      createdBy: l.createdBy,
      sizeBytes: Number(l.sizeBytes),
      compressedBytes: l.compressedBytes === null ? null : Number(l.compressedBytes),
      empty: l.empty,
      diffId: l.diffId,
      filesAdded: l.filesAdded,
      filesModified: l.filesModified,
      filesRemoved: l.filesRemoved,
    }));
    const columns = ['position', 'createdBy', 'sizeBytes', 'compressedBytes', 'empty', 'diffId', 'filesAdded', 'filesModified', 'filesRemoved'];
    return downloadResponse(
      format,
      name,
      columns,
      layers.map((l) => columns.map((c) => l[c as keyof typeof l])),
      { analysisId: id, kind, layers },
    );
  }
  const files = [...(await fileStateAt(variant.id, 0))].map(([path, f]) => ({ path, type: f.type, sizeBytes: f.size, layer: f.layer })).sort((a, b) => b.sizeBytes - a.sizeBytes);
  return downloadResponse(
    format,
    name,
    ['path', 'type', 'sizeBytes', 'layer'],
    files.map((f) => [f.path, f.type, f.sizeBytes, f.layer]),
    { analysisId: id, kind, files },
  );
});
