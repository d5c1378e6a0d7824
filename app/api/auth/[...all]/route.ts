import { withErrors } from '@/lib/api/errors';
import { getAuth } from '@/lib/auth/auth';
import { toAuthRequest } from '@/lib/auth/auth-request';

// better-auth's endpoints: /api/auth/sign-in/email, /api/auth/sign-out, /api/auth/get-session...
// The body is capped and the client's address set before better-auth sees the request.
const guarded = withErrors(async (request: Request) => getAuth().handler(await toAuthRequest(request)));
const handler = (request: Request) => guarded(request, undefined);

export { handler as GET, handler as POST };
