import { describe, expect, it } from 'vitest';
import { analyseLayers } from '@/lib/image-files/analyse-layers';
import type { ExportedLayer } from '@/lib/image-files/read-image-export';
import type { LayerEntry } from '@/lib/image-files/read-layer';

function layer(entries: [string, number][], extra: { whiteouts?: string[]; opaqueDirs?: string[]; dirs?: string[] } = {}): ExportedLayer {
  const files: LayerEntry[] = entries.map(([path, size]) => ({ path, size, type: 'file' }));
  const dirs: LayerEntry[] = (extra.dirs ?? []).map((path) => ({ path, size: 0, type: 'dir' }));
  return {
    tarBytes: 0,
    compressedBytes: 10,
    compressedSource: 'computed',
    encoding: 'tar',
    diffId: null,
    listing: { entries: [...dirs, ...files], whiteouts: extra.whiteouts ?? [], opaqueDirs: extra.opaqueDirs ?? [] },
  };
}

describe('analyseLayers', () => {
  it('says what each layer added, modified and removed, and keeps the final tree', () => {
    const result = analyseLayers(
      [
        layer(
          [
            ['/app/a', 100],
            ['/app/b', 50],
            ['/tmp/big', 1000],
          ],
          { dirs: ['/app', '/tmp'] },
        ),
        layer([['/app/a', 120]], { whiteouts: ['/tmp/big'] }),
        layer([['/app/c', 7]]),
      ],
      { config: { User: 'app' } },
    );
    expect(result.layers.map((l) => l.counts)).toEqual([
      { added: 3, modified: 0, removed: 0 },
      { added: 0, modified: 1, removed: 1 },
      { added: 1, modified: 0, removed: 0 },
    ]);
    expect(result.layers[1]!.bytes).toEqual({ added: 0, modified: 120, removed: 1000 });
    expect([...result.final.keys()].sort()).toEqual(['/app', '/app/a', '/app/b', '/app/c', '/tmp']);
    expect(result.final.get('/app/a')).toMatchObject({ size: 120, layer: 1 });
    expect(result.user).toBe('app');
    expect(result.compressedBytes).toBe(30);
  });

  it('counts the kept copy once: waste is what the final image does not show', () => {
    const result = analyseLayers(
      [
        layer([
          ['/app/a', 100],
          ['/tmp/big', 1000],
          ['/ok', 5],
        ]),
        layer([['/app/a', 120]], { whiteouts: ['/tmp/big'] }),
      ],
      {},
    );
    // /app/a: 100 overwritten (kept 120 counts once); /tmp/big: 1000 removed but shipped
    expect(result.wastedBytes).toBe(1100);
    expect(result.wasted.map((w) => [w.path, w.wastedBytes])).toEqual([
      ['/tmp/big', 1000],
      ['/app/a', 100],
    ]);
    expect(result.wasted[0]!.copies).toEqual([
      { layer: 0, size: 1000, removed: false },
      { layer: 1, size: 0, removed: true },
    ]);
    // dive's score: smallest copy per path / all copies = (100 + 0 + 5) / (220 + 1000 + 5)
    expect(result.efficiency).toBeCloseTo(105 / 1225, 10);
    expect(result.totalBytes).toBe(1225);
  });

  it('understands opaque directories and whiteouts of whole directories', () => {
    const result = analyseLayers(
      [
        layer(
          [
            ['/var/lib/apt/lists/x', 10],
            ['/var/lib/apt/lists/y', 20],
            ['/etc/conf', 1],
          ],
          { dirs: ['/var/lib/apt/lists'] },
        ),
        layer([['/var/lib/apt/lists/z', 3]], { opaqueDirs: ['/var/lib/apt/lists'] }),
        layer([], { whiteouts: ['/var/lib/apt'] }),
      ],
      {},
    );
    expect(result.layers[1]!.counts).toEqual({ added: 1, modified: 0, removed: 2 });
    expect(result.layers[2]!.counts.removed).toBe(1);
    expect([...result.final.keys()]).toEqual(['/etc/conf']);
    expect(result.wastedBytes).toBe(33);
  });

  it('scores a repeat-free image 1', () => {
    const result = analyseLayers([layer([['/a', 1]]), layer([['/b', 2]])], {});
    expect(result.efficiency).toBe(1);
    expect(result.wastedBytes).toBe(0);
  });
});
