import { formatBytes } from '@/lib/format';
import { growthPercent, type Check, type Rule } from '@/lib/repositories/verdict';

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

export function parseFailOn(text: string): FailOnRule[] {
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
      const [, name = '', variant = 'multi-stage', op, number = '', unit = ''] = match;
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
  variants: { kind: string; sizeBytes: number | null; compressedBytes: number | null; efficiency: number | null; wastedBytes: number | null }[];
  verdict: { baseline: { sizes: Record<string, number> } | null } | null;
}

/** Each rule held against the analysis; growth needs the baseline the server found (the repository's budget). */
export function evaluateFailOn(rules: FailOnRule[], analysis: JudgedAnalysis, baselineSizes: Record<string, number> | null): Check[] {
  return rules.map((r) => {
    const variant = analysis.variants.find((v) => v.kind === r.variant);
    const fail = (actual: number | null, message: string): Check => ({ rule: r.rule, variant: r.variant, limit: r.limit, actual, pass: false, message });
    if (!variant) return fail(null, `${r.text}: the analysis has no ${r.variant} image`);
    switch (r.rule) {
      case 'size':
      case 'compressed':
      case 'wasted': {
        const actual = r.rule === 'size' ? variant.sizeBytes : r.rule === 'compressed' ? variant.compressedBytes : variant.wastedBytes;
        if (actual === null) return fail(null, `${r.text}: ${r.variant} has no ${r.rule} figure`);
        const pass = actual <= r.limit;
        return {
          rule: r.rule,
          variant: r.variant,
          limit: r.limit,
          actual,
          pass,
          message: `${r.variant} ${r.rule} ${formatBytes(actual)} ${pass ? '≤' : '>'} ${formatBytes(r.limit)}`,
        };
      }
      case 'efficiency': {
        if (variant.efficiency === null) return fail(null, `${r.text}: ${r.variant} has no efficiency figure`);
        const pass = variant.efficiency >= r.limit;
        return {
          rule: r.rule,
          variant: r.variant,
          limit: r.limit,
          actual: variant.efficiency,
          pass,
          message: `${r.variant} efficiency ${variant.efficiency.toFixed(3)} ${pass ? '≥' : '<'} ${r.limit}`,
        };
      }
      default: {
        const before = baselineSizes?.[r.variant];
        if (before === undefined) return { rule: r.rule, variant: r.variant, limit: r.limit, actual: null, pass: true, message: `${r.variant} growth: no baseline yet` };
        if (variant.sizeBytes === null) return fail(null, `${r.text}: ${r.variant} has no size`);
        const actual = growthPercent(before, variant.sizeBytes);
        const pass = actual <= r.limit;
        return {
          rule: r.rule,
          variant: r.variant,
          limit: r.limit,
          actual,
          pass,
          message: `${r.variant} grew ${Number(actual.toFixed(2))} % (${formatBytes(before)} → ${formatBytes(variant.sizeBytes)}) ${pass ? '≤' : '>'} ${r.limit} %`,
        };
      }
    }
  });
}
