import { describe, expect, it } from 'vitest';
import { evaluateFailOn, FailOnError, parseFailOn } from '@/lib/cli/fail-on';
import { summaryMarkdown } from '@/lib/cli/markdown';

describe('--fail-on', () => {
  it('reads sizes in Docker’s units (and binary ones), percentages and ratios, per variant', () => {
    expect(parseFailOn('size>50MB, compressed>20mb,growth>5%,efficiency<0.95,wasted>10MiB,size:repository>1.5GB')).toEqual([
      { rule: 'size', variant: 'multi-stage', limit: 50_000_000, text: 'size>50MB' },
      { rule: 'compressed', variant: 'multi-stage', limit: 20_000_000, text: 'compressed>20mb' },
      { rule: 'growth', variant: 'multi-stage', limit: 5, text: 'growth>5%' },
      { rule: 'efficiency', variant: 'multi-stage', limit: 0.95, text: 'efficiency<0.95' },
      { rule: 'wasted', variant: 'multi-stage', limit: 10 * 1024 * 1024, text: 'wasted>10MiB' },
      { rule: 'size', variant: 'repository', limit: 1_500_000_000, text: 'size:repository>1.5GB' },
    ]);
    expect(parseFailOn('efficiency<95%')[0]!.limit).toBeCloseTo(0.95);
  });

  it('refuses what it cannot read, saying how to write it', () => {
    expect(() => parseFailOn('size<50MB')).toThrow(new FailOnError('"size<50MB": size rules are written size><limit>.'));
    expect(() => parseFailOn('weight>3')).toThrow(/is not a rule\. Write rules like size>50MB/);
    expect(() => parseFailOn('size>5 parsecs')).toThrow(/is not a rule|not a size unit/);
    expect(() => parseFailOn('growth>5MB')).toThrow(/growth is in percent/);
    expect(() => parseFailOn('efficiency<3')).toThrow(/efficiency is a ratio/);
  });

  const analysis = {
    variants: [
      { kind: 'single-stage', sizeBytes: 647_000_000, compressedBytes: 230_000_000, efficiency: 0.99, wastedBytes: 2_000_000 },
      { kind: 'multi-stage', sizeBytes: 5_500_000, compressedBytes: 2_300_000, efficiency: 1, wastedBytes: 0 },
    ],
  };

  it('holds each rule against the analysis, growth against the baseline', () => {
    const checks = evaluateFailOn(parseFailOn('size>5MB,growth>5%,efficiency<0.95,size:repository>1GB'), analysis, { 'multi-stage': 5_000_000 });
    expect(checks.map((c) => [c.rule, c.variant, c.pass, c.actual])).toEqual([
      ['size', 'multi-stage', false, 5_500_000],
      ['growth', 'multi-stage', false, 10],
      ['efficiency', 'multi-stage', true, 1],
      ['size', 'repository', false, null],
    ]);
    expect(checks[1]!.message).toBe('multi-stage grew 10 % (5 MB → 5.5 MB) > 5 %');
    expect(checks[3]!.message).toBe('repository has no size: it was not built');
    // no baseline yet: growth cannot fail
    expect(evaluateFailOn(parseFailOn('growth>1%'), analysis, null)[0]).toMatchObject({ pass: true, message: 'multi-stage growth: no baseline yet' });
  });

  it('writes a Markdown summary that names the failed rule', () => {
    const checks = evaluateFailOn(parseFailOn('growth>5%'), analysis, { 'multi-stage': 5_000_000 });
    const markdown = summaryMarkdown({
      url: 'https://shipshape.example/',
      analysis: {
        id: 'abc',
        status: 'succeeded',
        source: { label: 'app.tar.gz' },
        repository: { name: 'team/api' },
        commit: { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'Add | pipes' },
        variants: analysis.variants.map((v) => ({ ...v, status: 'succeeded' })),
        comparison: { singleStageBytes: 647_000_000, multiStageBytes: 5_500_000, reductionPercent: 99.1 },
        warnings: [{ message: "The repository's own Dockerfile did not build (a base image could not be pulled)." }],
      },
      baselineSizes: { 'multi-stage': 5_000_000 },
      checks,
      pass: false,
    });
    expect(markdown).toContain('### Shipshape: team/api ❌ over budget');
    expect(markdown).toContain('Commit `0123456789ab` Add \\| pipes');
    expect(markdown).toContain('| multi-stage | 5.5 MB | 2.3 MB | +10 % |');
    expect(markdown).toContain('- ❌ growth (multi-stage): multi-stage grew 10 % (5 MB → 5.5 MB) > 5 %');
    expect(markdown).toContain("- ⚠️ The repository's own Dockerfile did not build (a base image could not be pulled).");
    expect(markdown).toContain('[The whole analysis](https://shipshape.example/analyses/abc)');
  });
});
