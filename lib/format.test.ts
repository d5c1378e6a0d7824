import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatReduction, formatSeconds, reductionPercent } from '@/lib/format';

describe('formatBytes', () => {
  it('uses decimal units as docker does', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1 kB');
    expect(formatBytes(646_300_000)).toBe('646 MB');
    expect(formatBytes(4_812_345)).toBe('4.8 MB');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    expect(formatBytes(1_200_000_000)).toBe('1.2 GB');
  });
  it('shows a dash for nonsense', () => {
    expect(formatBytes(-1)).toBe('–');
    expect(formatBytes(Number.NaN)).toBe('–');
  });
});

describe('reduction', () => {
  it('is the share saved, one decimal', () => {
    expect(reductionPercent(646_000_000, 4_800_000)).toBe(99.3);
    expect(formatReduction(646_000_000, 4_800_000)).toBe('99.3 % smaller');
  });
  it('says larger when the second is bigger and nothing when undefined', () => {
    expect(formatReduction(100, 150)).toBe('50.0 % larger');
    expect(reductionPercent(0, 10)).toBeNull();
    expect(formatReduction(0, 10)).toBe('');
  });
});

describe('formatSeconds', () => {
  it('reads naturally', () => {
    expect(formatSeconds(4.26)).toBe('4.3 s');
    expect(formatSeconds(125)).toBe('2 min 5 s');
  });
});

describe('formatDate', () => {
  it('is the same everywhere, in UTC', () => {
    expect(formatDate('2026-11-28T08:22:05.123Z')).toBe('2026-11-28 08:22 UTC');
  });
});
