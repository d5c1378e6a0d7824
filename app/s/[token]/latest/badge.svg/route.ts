import { withErrors } from '@/lib/api/errors';
import { badgeForShare, badgeOptionsOf, badgeResponse } from '@/lib/share/badge';

// GET /s/:token/latest/badge.svg - the same, for the newest finished analysis of the repository
export const GET = withErrors(async (request: Request, { params }: { params: Promise<{ token: string }> }) => {
  const { token } = await params;
  return badgeResponse(await badgeForShare(token, true, badgeOptionsOf(request)), request);
});
