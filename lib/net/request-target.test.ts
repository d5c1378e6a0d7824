import { describe, expect, it } from 'vitest';
import { withLiteralPercents } from '@/lib/net/request-target';

describe('withLiteralPercents', () => {
  it('leaves targets that decode alone, the query included', () => {
    for (const target of ['/', '/api/analyses/abc?layer=1', '/api/analyses/x/variants/multi-stage%3Alinux-arm64/files?path=%zz', '/s/%25zz', '/a%2Fb'])
      expect(withLiteralPercents(target)).toBe(target);
  });

  it('makes each segment that does not decode literal, and only those', () => {
    expect(withLiteralPercents('/api/analyses/%zz')).toBe('/api/analyses/%25zz');
    expect(withLiteralPercents('/api/analyses/x/variants/%zz/files?layer=%zz')).toBe('/api/analyses/x/variants/%25zz/files?layer=%zz');
    expect(withLiteralPercents('/api/tokens/%E0%A4%A')).toBe('/api/tokens/%25E0%25A4%25A');
    expect(decodeURIComponent(withLiteralPercents('/join/%C3%28%41'))).toBe('/join/%C3%28%41');
  });
});
