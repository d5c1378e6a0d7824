import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { databaseKind, getDb } from '@/lib/db';
import { getSettings } from '@/lib/env';
import { derivedSecret } from '@/lib/secrets';
import { originFromHeaders } from '@/lib/api/origin';
import { CLIENT_ADDRESS_HEADER } from '@/lib/auth/auth-request';

// Sign-in with better-auth: email and password, sessions in HTTP-only cookies. There
// is no open sign-up: people join through an invite (lib/auth/invites.ts), the first
// one through /setup, operators through `npm run admin`. The object is made on first
// use, not at import: better-auth refuses to start without a secret, and `next build`
// imports this module.

function createAuth() {
  const { auth } = getSettings();
  return betterAuth({
    appName: 'Shipshape',
    secret: auth.secret ?? derivedSecret('better-auth'),
    baseURL: auth.publicUrl,
    // the one public address; without it, the address the request came to (as our own
    // CSRF check does), which may be localhost, 127.0.0.1 or a LAN name
    trustedOrigins: auth.publicUrl ? [auth.publicUrl] : (request?: Request) => (request ? [originFromHeaders(request.headers, new URL(request.url).origin)] : []),
    database: prismaAdapter(getDb(), { provider: databaseKind() === 'postgresql' ? 'postgresql' : 'sqlite' }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10 },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      // in the database: every web server of the instance counts the same attempts
      storage: 'database',
      window: 60,
      max: 600,
      customRules: { '/sign-in/email': { window: 60, max: auth.signInPerMinute } },
    },
    user: { additionalFields: { role: { type: 'string', required: false, input: false } } },
    advanced: {
      useSecureCookies: auth.publicUrl?.startsWith('https://') ?? false,
      // set by toAuthRequest from the socket (and TRUSTED_PROXIES), never by the client
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const cache = globalThis as unknown as { shipshapeAuth?: Auth };

export function getAuth(): Auth {
  cache.shipshapeAuth ??= createAuth();
  return cache.shipshapeAuth;
}
