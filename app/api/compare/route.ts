import { NextResponse } from 'next/server';
import { compareQuerySchema } from '@/lib/api/schemas';
import { withErrors } from '@/lib/api/errors';
import { compareSides, resolveSide } from '@/lib/image-files/compare';
import { requireActor } from '@/lib/auth/current-user';

// GET /api/compare?a=...&b=... - size, layers and files of two images (analyses, variants; admins: images on the engine)
export const GET = withErrors(async (request: Request) => {
  const actor = await requireActor(request, 'view');
  const engineImages = actor.role === 'admin';
  const params = new URL(request.url).searchParams;
  const query = compareQuerySchema.parse({ a: params.get('a') ?? '', b: params.get('b') ?? '' });
  const [a, b] = [await resolveSide(query.a, { engineImages }), await resolveSide(query.b, { engineImages })];
  return NextResponse.json(compareSides(a, b));
});
