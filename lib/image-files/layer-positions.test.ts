import { describe, expect, it } from 'vitest';
import { historyPositions } from '@/lib/image-files/layer-positions';

describe('historyPositions', () => {
  it('maps layer tars to history entries through empty_layer', () => {
    // oldest first: ADD rootfs (layer), CMD (empty), WORKDIR (layer, 0 bytes), COPY (layer)
    const config = [{}, { empty_layer: true }, {}, {}];
    const history = [{ sizeBytes: 10 }, { sizeBytes: 0 }, { sizeBytes: 0 }, { sizeBytes: 500 }]; // newest first
    expect(historyPositions(history, config, 3)).toEqual([3, 1, 0]);
  });

  it('falls back to non-zero sizes when the config does not match', () => {
    expect(historyPositions([{ sizeBytes: 5 }, { sizeBytes: 0 }, { sizeBytes: 7 }], [], 2)).toEqual([2, 0]);
  });
});
