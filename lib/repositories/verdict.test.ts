import { describe, expect, it } from 'vitest';
import { budgetSchema } from '@/lib/repositories/budget';
import { judge } from '@/lib/repositories/verdict';
import { repositoryNameOf } from '@/lib/repositories/repositories';
import { repositoryKey } from '@/lib/analyses/repository-key';

const variants = [
  { kind: 'multi-stage', sizeBytes: 5_500_000, compressedBytes: 2_300_000, efficiency: 0.9, wastedBytes: 3_000_000 },
  { kind: 'repository', sizeBytes: null, compressedBytes: null, efficiency: null, wastedBytes: null },
];
const baseline = { analysisId: 'a1', createdAt: '2026-11-30T00:00:00.000Z', ref: 'main', commit: null, sizes: { 'multi-stage': 5_000_000 } };

describe('a verdict', () => {
  it('checks every rule of the budget against the stored figures, growth against the baseline', () => {
    const budget = budgetSchema.parse({
      maxSize: [
        { variant: 'multi-stage', bytes: 10_000_000 },
        { variant: 'multi-stage', compressed: true, bytes: 2_000_000 },
      ],
      maxGrowth: { variant: 'multi-stage', percent: 5 },
      minEfficiency: { variant: 'multi-stage', ratio: 0.95 },
      maxWasted: { variant: 'multi-stage', bytes: 5_000_000 },
    });
    const verdict = judge(budget, variants, baseline);
    expect(verdict.pass).toBe(false);
    expect(verdict.checks.map((c) => [c.rule, c.pass, c.message])).toEqual([
      ['size', true, 'multi-stage size 5.5 MB ≤ 10 MB'],
      ['compressed', false, 'multi-stage compressed 2.3 MB > 2 MB'],
      ['growth', false, 'multi-stage grew 10 % (5 MB → 5.5 MB) > 5 %'],
      ['efficiency', false, 'multi-stage efficiency 0.900 < 0.95'],
      ['wasted', true, 'multi-stage wasted 3 MB ≤ 5 MB'],
    ]);
    expect(verdict.baseline).toBe(baseline);
  });

  it('fails a rule on an image that was not built, and passes growth when there is nothing to grow from', () => {
    const verdict = judge(budgetSchema.parse({ maxSize: [{ variant: 'repository', bytes: 1 }], maxGrowth: { variant: 'multi-stage', percent: 1 } }), variants, null);
    expect(verdict.checks).toMatchObject([
      { rule: 'size', pass: false, actual: null, message: 'repository has no size: it was not built' },
      { rule: 'growth', pass: true, message: 'multi-stage growth: no baseline yet' },
    ]);
  });

  it('refuses a budget it cannot read', () => {
    expect(budgetSchema.safeParse({ maxSize: [{ variant: 'multi-stage', bytes: -1 }] }).success).toBe(false);
    expect(budgetSchema.safeParse({ maxGrowth: { variant: 'multi-stage', percent: 5 }, colour: 'red' }).success).toBe(false);
    expect(budgetSchema.safeParse({ minEfficiency: { variant: 'multi-stage', ratio: 1.5 } }).success).toBe(false);
  });
});

describe('a repository', () => {
  it('is named after its git URL without credentials, or as its uploader named it', () => {
    expect(repositoryNameOf({ type: 'git', url: 'https://x-token:secret@GitHub.com/Acme/API.git/', subdir: './services/web/' })).toEqual({
      name: 'github.com/Acme/API · services/web',
      url: 'https://github.com/Acme/API',
      subdir: 'services/web',
    });
    expect(repositoryNameOf({ type: 'named', name: ' team/api ' })).toEqual({ name: 'team/api', url: null, subdir: null });
    expect(repositoryNameOf({ type: 'archive', filename: 'app.tar.gz' })).toEqual({ name: 'app.tar.gz', url: null, subdir: null });
  });

  it('named uploads are the team’s: the same name is one repository, whoever uploads it', () => {
    expect(repositoryKey({ type: 'named', name: 'Team/API' }, 'ann@example.com', 'a1')).toBe(repositoryKey({ type: 'named', name: 'team/api' }, 'bob@example.com', 'a2'));
    expect(repositoryKey({ type: 'archive', filename: 'app.tar.gz' }, 'ann@example.com', 'a1')).not.toBe(
      repositoryKey({ type: 'archive', filename: 'app.tar.gz' }, 'bob@example.com', 'a2'),
    );
  });
});
