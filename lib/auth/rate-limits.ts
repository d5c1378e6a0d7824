import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { getSettings } from '@/lib/env';
import { AppError } from '@/lib/errors';

// Submissions per user and hour (SUBMISSIONS_PER_HOUR), kept in this process's memory.
// Sign-in attempts are limited by better-auth itself (SIGN_IN_PER_MINUTE).

const cache = globalThis as unknown as { shipshapeSubmissionLimiter?: RateLimiterMemory };

function limiter(): RateLimiterMemory {
  cache.shipshapeSubmissionLimiter ??= new RateLimiterMemory({ points: getSettings().auth.submissionsPerHour, duration: 3600 });
  return cache.shipshapeSubmissionLimiter;
}

export async function countSubmission(actorId: string): Promise<void> {
  try {
    await limiter().consume(actorId);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const minutes = Math.ceil(error.msBeforeNext / 60_000);
    throw new AppError(
      `You have submitted ${getSettings().auth.submissionsPerHour} analyses in the last hour, the most allowed (SUBMISSIONS_PER_HOUR). Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      429,
      'rate_limited',
    );
  }
}
