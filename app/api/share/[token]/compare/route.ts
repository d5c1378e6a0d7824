import { NextResponse } from 'next/server';
import { sharedCompareQuerySchema } from '@/lib/api/schemas';
import { withErrors } from '@/lib/api/errors';
import { compareSharedVariants } from '@/lib/share/shared-compare';

// GET /api/share/:token/compare?a=single-stage&b=multi-stage - two variants of the shared analysis, file by file (no sign-in)
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ token: string }> }) => {
  const { token } = await params;
  const search = new URL(request.url).searchParams;
  const query = sharedCompareQuerySchema.parse({ a: search.get('a') ?? '', b: search.get('b') ?? '' });
  return NextResponse.json(await compareSharedVariants(token, query.a, query.b));
});
