import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withErrors } from '@/lib/api/errors';
import { compareSharedVariants } from '@/lib/share/shared-compare';

const kind = z
  .string()
  .trim()
  .min(1, 'is required: a variant of the shared analysis, e.g. single-stage')
  .max(100)
  .regex(/^[a-z0-9][a-z0-9:-]*$/, 'must be a variant of the shared analysis, e.g. single-stage or multi-stage');

// GET /api/share/:token/compare?a=single-stage&b=multi-stage - two variants of the shared analysis, file by file (no sign-in)
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ token: string }> }) => {
  const { token } = await params;
  const search = new URL(request.url).searchParams;
  const query = z.object({ a: kind, b: kind }).parse({ a: search.get('a') ?? '', b: search.get('b') ?? '' });
  return NextResponse.json(await compareSharedVariants(token, query.a, query.b));
});
