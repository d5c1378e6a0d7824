import { describe, expect, it } from 'vitest';
import { warmRebuildWords } from '@/lib/analyses/build-words';

describe('build times in words', () => {
  it('say what the warm rebuild took instead of the cold build', () => {
    expect(warmRebuildWords(11, 0.6)).toBe('0.6 s instead of 11.0 s (95 % less)');
    expect(warmRebuildWords(11, null)).toBe('not measured');
  });

  it('explain a warm rebuild that was not faster, never a negative saving', () => {
    expect(warmRebuildWords(40, 42)).toMatch(/^42\.0 s, no faster than the cold 40\.0 s: the changed file is copied before the slow steps/);
    expect(warmRebuildWords(40, 42)).not.toMatch(/-\d/);
  });
});
