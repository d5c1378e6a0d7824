import { NextResponse } from 'next/server';
import { filesQuerySchema } from '@/lib/api/schemas';
import { getAnalysisOrThrow } from '@/lib/analyses/queries';
import { withErrors } from '@/lib/api/errors';
import { InvalidInputError, NotFoundError } from '@/lib/errors';
import { fileStateAt, layerChanges, listDirectory } from '@/lib/image-files/stored-files';
import { requireActor } from '@/lib/auth/current-user';

// GET /api/analyses/:id/variants/:kind/files?layer=N&path=/usr - one folder of the file tree as of layer N (0 = the final image);
// with changes=only, what layer N alone added, changed and removed there
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ id: string; kind: string }> }) => {
  await requireActor(request, 'view');
  const { id, kind } = await params;
  const query = filesQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  // Next.js has decoded the path once already: a second decode would turn %25zz into a URIError
  const variant = (await getAnalysisOrThrow(id)).variants.find((v) => v.kind === kind);
  if (!variant) throw new NotFoundError(`This analysis has no ${kind} variant.`);
  if (variant.layers.length && query.layer >= variant.layers.length) {
    throw new InvalidInputError(`layer must be below ${variant.layers.length} (0 is the newest layer, as listed).`);
  }
  const entries =
    query.changes === 'only' ? await layerChanges(variant.id, query.layer, query.path) : listDirectory(await fileStateAt(variant.id, query.layer, query.path), query.path);
  return NextResponse.json({
    path: query.path,
    layer: query.layer,
    changes: query.changes ?? 'tree',
    total: entries.length,
    offset: query.offset,
    entries: entries.slice(query.offset, query.offset + query.limit),
  });
});
