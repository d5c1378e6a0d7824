import { getSettings } from '@/lib/env';
import { AppError } from '@/lib/errors';

// Live progress streams each hold a connection and poll the database twice a second,
// so one user (one quota key, lib/auth/rate-limits.ts) may hold only
// EVENT_STREAMS_PER_USER of them open at once in this process. A stream gives its slot
// back when it closes, however it closes.

const cache = globalThis as unknown as { shipshapeStreamSlots?: Map<string, number> };
const slots = () => (cache.shipshapeStreamSlots ??= new Map());

/** Takes a slot for `key`, or answers 429; returns the slot's release (safe to call twice). */
export function takeStreamSlot(key: string): () => void {
  const max = getSettings().auth.eventStreamsPerUser;
  const open = slots().get(key) ?? 0;
  if (open >= max) {
    throw new AppError(
      `You already have ${max} live progress streams open, the most allowed at once (EVENT_STREAMS_PER_USER). Close other pages of running analyses, then reload this one.`,
      'too_many_streams',
    );
  }
  slots().set(key, open + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (slots().get(key) ?? 1) - 1;
    if (left > 0) slots().set(key, left);
    else slots().delete(key);
  };
}

/** How many streams `key` holds open now. */
export function openStreams(key: string): number {
  return slots().get(key) ?? 0;
}
