import { withErrors } from '@/lib/api/errors';
import { badgeForShare, badgeOptionsOf, badgeResponse } from '@/lib/share/badge';

// GET /s/:token/badge.svg - the shared analysis's multi-stage size and reduction, for READMEs (?platforms: the size per platform)
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ token: string }> }) => {
  const { token } = await params;
  return badgeResponse(await badgeForShare(token, false, badgeOptionsOf(request)), request);
});
