import { describe, expect, it } from 'vitest';
import { useFreshSettings } from '../helpers/test-settings';

// A PostgreSQL server that does not answer: /api/health says so (503) with the reason,
// and never the URL, whose password is a secret.

useFreshSettings({ DATABASE_URL: 'postgresql://shipshape:hunter2-not-for-logs@127.0.0.1:1/shipshape' });
const health = await import('@/app/api/health/route');

describe('the database is down', () => {
  it('GET /api/health answers 503 with the reason and no password', async () => {
    const response = await health.GET();
    const text = await response.text();
    expect(response.status).toBe(503);
    expect(JSON.parse(text)).toMatchObject({ ok: false, database: { kind: 'postgresql', reachable: false, reason: expect.stringMatching(/ECONNREFUSED|connect/) } });
    expect(text).not.toContain('hunter2');
  });
});
