import type { Budget } from '@/lib/repositories/budget';
import { formatBytes } from '@/lib/format';

// An analysis held to its repository's budget: each rule with its limit, the actual
// figure and whether it passed. The figures are the analysis's own stored numbers.

export type Rule = 'size' | 'compressed' | 'growth' | 'efficiency' | 'wasted';

export interface Check {
  rule: Rule;
  variant: string;
  /** the limit as set (bytes, percent or a ratio) */
  limit: number;
  /** the analysis's figure; null when it has none (the variant failed or was not built) */
  actual: number | null;
  pass: boolean;
  /** in words, e.g. "multi-stage 5.1 MB ≤ 50 MB" */
  message: string;
}

export interface BaselineJson {
  analysisId: string;
  createdAt: string;
  ref: string | null;
  commit: { sha: string; subject: string | null } | null;
  /** unpacked sizes per variant kind */
  sizes: Record<string, number>;
}

export interface Verdict {
  pass: boolean;
  checks: Check[];
  baseline: BaselineJson | null;
}

export interface JudgedVariant {
  kind: string;
  sizeBytes: number | null;
  compressedBytes: number | null;
  efficiency: number | null;
  wastedBytes: number | null;
}

const percent = (value: number) => `${Number(value.toFixed(2))} %`;

/** The growth in percent from `before` to `after` (negative: it shrank). */
export function growthPercent(before: number, after: number): number {
  return before === 0 ? (after === 0 ? 0 : Number.POSITIVE_INFINITY) : ((after - before) / before) * 100;
}

export function judge(budget: Budget, variants: JudgedVariant[], baseline: BaselineJson | null): Verdict {
  const of = (kind: string) => variants.find((v) => v.kind === kind);
  const checks: Check[] = [];
  for (const rule of budget.maxSize) {
    const v = of(rule.variant);
    const actual = (rule.compressed ? v?.compressedBytes : v?.sizeBytes) ?? null;
    const pass = actual !== null && actual <= rule.bytes;
    const what = rule.compressed ? 'compressed' : 'size';
    checks.push({
      rule: rule.compressed ? 'compressed' : 'size',
      variant: rule.variant,
      limit: rule.bytes,
      actual,
      pass,
      message:
        actual === null ? `${rule.variant} has no ${what}: it was not built` : `${rule.variant} ${what} ${formatBytes(actual)} ${pass ? '≤' : '>'} ${formatBytes(rule.bytes)}`,
    });
  }
  if (budget.maxGrowth) {
    const { variant, percent: limit } = budget.maxGrowth;
    const after = of(variant)?.sizeBytes ?? null;
    const before = baseline?.sizes[variant];
    if (before === undefined) {
      // nothing to grow from: the first analysis passes
      checks.push({ rule: 'growth', variant, limit, actual: null, pass: true, message: `${variant} growth: no baseline yet` });
    } else {
      const actual = after === null ? null : growthPercent(before, after);
      const pass = actual !== null && actual <= limit;
      checks.push({
        rule: 'growth',
        variant,
        limit,
        actual,
        pass,
        message:
          actual === null
            ? `${variant} has no size: it was not built`
            : `${variant} grew ${percent(actual)} (${formatBytes(before)} → ${formatBytes(after!)}) ${pass ? '≤' : '>'} ${percent(limit)}`,
      });
    }
  }
  if (budget.minEfficiency) {
    const { variant, ratio } = budget.minEfficiency;
    const actual = of(variant)?.efficiency ?? null;
    const pass = actual !== null && actual >= ratio;
    checks.push({
      rule: 'efficiency',
      variant,
      limit: ratio,
      actual,
      pass,
      message: `${variant} efficiency ${actual === null ? 'unknown' : actual.toFixed(3)} ${pass ? '≥' : '<'} ${ratio}`,
    });
  }
  if (budget.maxWasted) {
    const { variant, bytes } = budget.maxWasted;
    const actual = of(variant)?.wastedBytes ?? null;
    const pass = actual !== null && actual <= bytes;
    checks.push({
      rule: 'wasted',
      variant,
      limit: bytes,
      actual,
      pass,
      message: `${variant} wasted ${actual === null ? 'unknown' : formatBytes(actual)} ${pass ? '≤' : '>'} ${formatBytes(bytes)}`,
    });
  }
  return { pass: checks.every((c) => c.pass), checks, baseline };
}
