import { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible';
import { getDb } from '@/lib/db';
import type { Actor } from '@/lib/auth/current-user';
import { getSettings } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { clientAddressOf } from '@/lib/net/client-address';

// Submissions per user and hour (SUBMISSIONS_PER_HOUR), counted in the database (so
// every web server of the instance counts together).
// Sign-in attempts are limited by better-auth itself (SIGN_IN_PER_MINUTE), keyed on the
// client's address (lib/auth/auth-request.ts).

const cache = globalThis as unknown as { shipshapeSubmissionLimiter?: RateLimiterPrisma };

function limiter(): RateLimiterPrisma {
  cache.shipshapeSubmissionLimiter ??= new RateLimiterPrisma({
    storeClient: getDb(),
    tableName: 'rateLimiterFlexible',
    keyPrefix: 'submissions',
    points: getSettings().auth.submissionsPerHour,
    duration: 3600,
  });
  return cache.shipshapeSubmissionLimiter;
}

/**
 * Whose quota a request uses: the signed-in user's or the token owner's; with
 * SINGLE_USER=1, where everyone is the same local user, the client's address.
 */
export function quotaKey(actor: Actor, headers: Headers): string {
  if (actor.via !== 'single-user') return `user:${actor.id}`;
  return `address:${clientAddressOf(headers) ?? 'unknown'}`;
}

export interface CountedSubmission {
  /** the submission was refused (invalid input, too large...): it does not use up the quota */
  refund(): Promise<void>;
}

/** Counts a submission against the hour's quota; 429 when it is used up. */
export async function countSubmission(key: string): Promise<CountedSubmission> {
  try {
    await limiter().consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const minutes = Math.ceil(error.msBeforeNext / 60_000);
    throw new AppError(
      `You have submitted ${getSettings().auth.submissionsPerHour} analyses in the last hour, the most allowed (SUBMISSIONS_PER_HOUR). Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      'rate_limited',
    );
  }
  let refunded = false;
  return {
    async refund() {
      if (refunded) return;
      refunded = true;
      await limiter().reward(key, 1);
    },
  };
}
