import { describe, expect, it } from 'vitest';
import { useFreshSettings } from '@/tests/helpers/test-settings';
import { seal, unseal } from '@/lib/secrets';

describe('seal', () => {
  it('round-trips, never shows the text, and refuses what was tampered with', () => {
    useFreshSettings();
    const sealed = seal('https://x-token:ghp_SENTINEL@git.example.com/o/r.git');
    expect(sealed).not.toContain('SENTINEL');
    expect(unseal(sealed)).toBe('https://x-token:ghp_SENTINEL@git.example.com/o/r.git');
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1]! ^= 1;
    expect(unseal(`v1:${bytes.toString('base64')}`)).toBeNull();
  });

  it('cannot be opened with another instance key', () => {
    useFreshSettings();
    const sealed = seal('secret');
    useFreshSettings();
    expect(unseal(sealed)).toBeNull();
  });
});
