import type { Budget } from '@/lib/repositories/budget';
import { judge, type Check, type JudgedVariant, type Rule } from '@/lib/repositories/verdict';

// The CLI's own rules (`--fail-on "size>50MB,growth>5%,efficiency<0.95,wasted>10MB"`),
// held against an analysis as the server returns it. A rule names a variant after a
// colon (`size:repository>1GB`); without one it is the multi-stage image.

export interface FailOnRule {
  rule: Rule;
  variant: string;
  limit: number;
  /** as written, for messages */
  text: string;
}

export class FailOnError extends Error {}

const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };
const RULE = /^(size|compressed|growth|efficiency|wasted)(?::([\w.:-]+))?\s*([<>])\s*([\d.]+)\s*([a-z%]*)$/i;
const ALLOWED_OP: Record<Rule, '<' | '>'> = { size: '>', compressed: '>', growth: '>', wasted: '>', efficiency: '<' };

/** `defaultVariant`: the variant a rule without one judges (the multi-stage image; an image analysed as it is: `image`). */
export function parseFailOn(text: string, defaultVariant = 'multi-stage'): FailOnRule[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = RULE.exec(part);
      if (!match)
        throw new FailOnError(
          `"${part}" is not a rule. Write rules like size>50MB, compressed>20MB, growth>5%, efficiency<0.95, wasted>10MB (size:repository>1GB for another variant).`,
        );
      const [, name = '', variant = defaultVariant, op, number = '', unit = ''] = match;
      const rule = name.toLowerCase() as Rule;
      if (op !== ALLOWED_OP[rule]) throw new FailOnError(`"${part}": ${rule} rules are written ${rule}${ALLOWED_OP[rule]}<limit>.`);
      const value = Number(number);
      if (!Number.isFinite(value)) throw new FailOnError(`"${part}": ${number} is not a number.`);
      const u = unit.toLowerCase();
      if (rule === 'growth') {
        if (u !== '%' && u !== '') throw new FailOnError(`"${part}": growth is in percent, like growth>5%.`);
        return { rule, variant, limit: value, text: part };
      }
      if (rule === 'efficiency') {
        if (u === '%') return { rule, variant, limit: value / 100, text: part };
        if (u !== '' || value > 1) throw new FailOnError(`"${part}": efficiency is a ratio (efficiency<0.95) or a percentage (efficiency<95%).`);
        return { rule, variant, limit: value, text: part };
      }
      const factor = UNITS[u || 'b'];
      if (!factor) throw new FailOnError(`"${part}": ${unit} is not a size unit (B, kB, MB, GB, KiB, MiB, GiB).`);
      return { rule, variant, limit: Math.round(value * factor), text: part };
    });
}

export interface JudgedAnalysis {
  variants: JudgedVariant[];
}

/** A rule as a budget of one rule, so the CLI and the server judge with the same code. */
function budgetOf(rule: FailOnRule): Budget {
  const none = { maxSize: [], maxGrowth: null, baseline: null, minEfficiency: null, maxWasted: null };
  switch (rule.rule) {
    case 'size':
    case 'compressed':
      return { ...none, maxSize: [{ variant: rule.variant, compressed: rule.rule === 'compressed', bytes: rule.limit }] };
    case 'growth':
      return { ...none, maxGrowth: { variant: rule.variant, percent: rule.limit } };
    case 'efficiency':
      return { ...none, minEfficiency: { variant: rule.variant, ratio: rule.limit } };
    default:
      return { ...none, maxWasted: { variant: rule.variant, bytes: rule.limit } };
  }
}

/** Each rule held against the analysis (lib/repositories/verdict.ts); growth against the baseline's sizes. */
export function evaluateFailOn(rules: FailOnRule[], analysis: JudgedAnalysis, baselineSizes: Record<string, number> | null): Check[] {
  const baseline = baselineSizes ? { analysisId: '', createdAt: '', ref: null, commit: null, sizes: baselineSizes } : null;
  return rules.map((rule) => judge(budgetOf(rule), analysis.variants, baseline).checks[0]!);
}
