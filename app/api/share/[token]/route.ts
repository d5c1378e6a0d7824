import { NextResponse } from 'next/server';
import { getSharedAnalysisOrThrow } from '@/lib/analyses/queries';
import { toSharedAnalysisJson } from '@/lib/analyses/analysis-json';
import { originOf, withErrors } from '@/lib/api/errors';

// GET /api/share/:token - the read-only comparison behind a share link (build logs only if the sharer included them)
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ token: string }> }) => {
  const { token } = await params;
  return NextResponse.json(toSharedAnalysisJson(await getSharedAnalysisOrThrow(token), originOf(request)));
});
