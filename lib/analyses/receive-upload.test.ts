import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFreshSettings } from '../../tests/helpers/test-settings';

const dataDir = useFreshSettings();
const { removeAbandonedUploads } = await import('@/lib/analyses/receive-upload');

describe('removeAbandonedUploads', () => {
  it('removes uploads left half-received an hour ago, and nothing else', () => {
    const uploads = path.join(dataDir, 'uploads');
    mkdirSync(uploads, { recursive: true });
    for (const name of ['.incoming-old', '.incoming-new', 'abc123.tar.gz']) writeFileSync(path.join(uploads, name), 'x');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(path.join(uploads, '.incoming-old'), twoHoursAgo, twoHoursAgo);
    utimesSync(path.join(uploads, 'abc123.tar.gz'), twoHoursAgo, twoHoursAgo);
    removeAbandonedUploads();
    expect(readdirSync(uploads).sort()).toEqual(['.incoming-new', 'abc123.tar.gz']);
  });
});
