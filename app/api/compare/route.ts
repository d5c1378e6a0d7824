import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withErrors } from '@/lib/api/errors';
import { compareSides, resolveSide } from '@/lib/image-files/compare';
import { requireActor } from '@/lib/auth/current-user';

const refSchema = z
  .string()
  .trim()
  .min(1, 'is required: an analysis id, analysisId:kind, or an image reference on the engine')
  .max(300)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/, 'must be an analysis id, analysisId:kind, or an image reference');

// GET /api/compare?a=...&b=... - size, layers and files of two images (analyses, variants; admins: images on the engine)
export const GET = withErrors(async (request: Request) => {
  const actor = await requireActor(request, 'view');
  const engineImages = actor.role === 'admin';
  const params = new URL(request.url).searchParams;
  const query = z.object({ a: refSchema, b: refSchema }).parse({ a: params.get('a') ?? '', b: params.get('b') ?? '' });
  const [a, b] = [await resolveSide(query.a, { engineImages }), await resolveSide(query.b, { engineImages })];
  return NextResponse.json(compareSides(a, b));
});
