import { describe, expect, it } from 'vitest';
import { badgeOptionsOf, badgeText } from '@/lib/share/badge';
import { platformSizesOf } from '@/lib/analyses/platform-sizes';

const engine = { os: 'linux', arch: 'amd64' };
const variants = [
  { kind: 'single-stage', status: 'succeeded' as const, sizeBytes: 647_000_000n, platform: null, engineFacts: engine },
  { kind: 'multi-stage', status: 'succeeded' as const, sizeBytes: 5_148_623n, platform: null, engineFacts: engine },
  { kind: 'multi-stage:linux-arm64', status: 'succeeded' as const, sizeBytes: 4_943_823n, platform: 'linux/arm64', engineFacts: engine },
];

describe('badges', () => {
  it('show the multi-stage size and the reduction, or per platform when asked', () => {
    expect(badgeText({ status: 'succeeded', variants })).toEqual({ message: '5.1 MB, 99.2 % smaller', color: 'brightgreen' });
    expect(badgeText({ status: 'succeeded', variants }, { platforms: true })).toEqual({ message: 'amd64 5.1 MB · arm64 4.9 MB', color: 'brightgreen' });
    // nothing built for another platform: the usual badge
    expect(badgeText({ status: 'succeeded', variants: variants.slice(0, 2) }, { platforms: true }).message).toBe('5.1 MB, 99.2 % smaller');
  });

  it('say whether the analysis is within its repository’s budget', () => {
    expect(badgeText({ status: 'succeeded', variants, verdict: { pass: true } })).toEqual({
      message: '5.1 MB, 99.2 % smaller · within budget',
      color: 'brightgreen',
    });
    expect(badgeText({ status: 'succeeded', variants, verdict: { pass: false } })).toEqual({
      message: '5.1 MB, 99.2 % smaller · over budget',
      color: 'red',
    });
  });

  it('take ?platforms from the URL', () => {
    expect(badgeOptionsOf(new Request('http://x/s/t/badge.svg?platforms'))).toEqual({ platforms: true });
    expect(badgeOptionsOf(new Request('http://x/s/t/badge.svg?platforms=1'))).toEqual({ platforms: true });
    expect(badgeOptionsOf(new Request('http://x/s/t/badge.svg?platforms=0'))).toEqual({ platforms: false });
    expect(badgeOptionsOf(new Request('http://x/s/t/badge.svg'))).toEqual({ platforms: false });
  });
});

describe('platformSizesOf', () => {
  it('lists the engine’s own platform first, then each other one built, with where its size comes from', () => {
    const computed = variants.map((v) => (v.platform ? { ...v, sizeSource: 'computed' as const, compressedBytes: 2_150_730n } : v));
    expect(platformSizesOf(computed)).toEqual([
      { platform: 'linux/amd64', kind: 'multi-stage', status: 'succeeded', native: true, sizeBytes: 5_148_623, sizeSource: 'engine', compressedBytes: null },
      { platform: 'linux/arm64', kind: 'multi-stage:linux-arm64', status: 'succeeded', native: false, sizeBytes: 4_943_823, sizeSource: 'computed', compressedBytes: 2_150_730 },
    ]);
    expect(platformSizesOf(variants.slice(0, 2))).toEqual([]);
  });
});
