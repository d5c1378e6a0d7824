import { describe, expect, it } from 'vitest';
import { capFileRows } from '@/lib/image-files/cap-rows';

describe('capFileRows', () => {
  it('keeps the largest changes and sums the rest per layer, change and folder, within the cap summaries included', () => {
    const rows = [
      { layer: 1, path: '/big', sizeBytes: 100n, change: 'added', type: 'file' },
      { layer: 1, path: '/doc/a', sizeBytes: 2n, change: 'added', type: 'file' },
      { layer: 1, path: '/doc/b', sizeBytes: 3n, change: 'added', type: 'file' },
      { layer: 0, path: '/doc/c', sizeBytes: 1n, change: 'removed', type: 'file' },
    ];
    const { rows: out, summarised } = capFileRows(rows, 3, {});
    expect(summarised).toBe(3);
    expect(out).toEqual([
      { layer: 1, path: '/big', sizeBytes: 100n, change: 'added', type: 'file' },
      { layer: 1, path: '/doc/… 2 smaller files', sizeBytes: 5n, change: 'added', type: 'other' },
      { layer: 0, path: '/doc/… 1 smaller file', sizeBytes: 1n, change: 'removed', type: 'other' },
    ]);
  });
  it('leaves an image under the cap as it is', () => {
    const rows = [{ layer: 0, path: '/x', sizeBytes: 1n, change: 'added', type: 'file' }];
    expect(capFileRows(rows, 10, {}).rows).toBe(rows);
  });
});
