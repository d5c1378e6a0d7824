import { StackNotDetectedError } from '@/lib/stacks/types';

/**
 * Picks the entry point: the one the user asked for, or the first found. Says why,
 * and lists the others so the user can choose one of them next time.
 */
export function chooseEntryPoint(found: string[], wanted: string | undefined, reasons: string[], entryLabel: (e: string) => string = (e) => e): string {
  if (wanted !== undefined) {
    if (!found.includes(wanted)) {
      throw new StackNotDetectedError(`The entry point "${wanted}" was not found. Choose one of: ${found.join(', ')}.`);
    }
    reasons.push(`Building ${entryLabel(wanted)}, as asked.`);
    return wanted;
  }
  const chosen = found[0]!;
  const others = found.slice(1);
  reasons.push(`Building ${entryLabel(chosen)}${others.length ? ` (also found: ${others.map(entryLabel).join(', ')}; choose another entry point to build one of those)` : ''}.`);
  return chosen;
}
