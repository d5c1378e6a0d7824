import { getAuth } from '@/lib/auth/auth';

// better-auth's endpoints: /api/auth/sign-in/email, /api/auth/sign-out, /api/auth/get-session...
const handler = (request: Request) => getAuth().handler(request);

export { handler as GET, handler as POST };
