import { formatSeconds, reductionPercent } from '@/lib/format';

/**
 * The warm rebuild in words: "0.6 s instead of 11 s (95 % less)", or why it was not
 * faster (a warm rebuild is never shown as a negative saving without a reason).
 */
export function warmRebuildWords(coldSeconds: number, warmSeconds: number | null): string {
  if (warmSeconds === null) return 'not measured';
  const saved = reductionPercent(coldSeconds, warmSeconds);
  if (saved !== null && saved >= 5) return `${formatSeconds(warmSeconds)} instead of ${formatSeconds(coldSeconds)} (${Math.round(saved)} % less)`;
  return `${formatSeconds(warmSeconds)}, no faster than the cold ${formatSeconds(coldSeconds)}: the changed file is copied before the slow steps, so they ran again (copy sources after installing dependencies)`;
}
