import { describe, expect, it } from 'vitest';
import { cliFigure, compressedWords, engineLabel } from '@/lib/analyses/engine-words';

describe('engine words', () => {
  const containerd = { kind: 'docker' as const, version: '28.5.2', imageStore: 'containerd' as const };
  it('says what docker image ls shows on the containerd store, and how it adds up', () => {
    expect(cliFigure(containerd, { inspect: 2_329_995, list: 7_503_243, content: 2_329_995 }, 5_173_248)).toBe(
      '`docker image ls` shows 7.5 MB: 2.3 MB compressed content + 5.2 MB unpacked; `docker image inspect` reports the 2.3 MB as .Size.',
    );
  });
  it("names the engine's unpacked figure when it counts more blocks than the layers", () => {
    expect(cliFigure(containerd, { inspect: 611_119_294, list: 1_329_365_182 }, 718_213_120)).toContain("(the engine's unpacked figure; its layers add up to 718 MB)");
  });
  it('on the legacy store and Podman the CLI shows the same figure', () => {
    expect(cliFigure({ kind: 'docker', version: '20.10.24', imageStore: 'legacy' }, { inspect: 5_148_623, list: 5_148_623 }, 5_148_623)).toBe(
      '`docker image ls` and `image inspect` show the same 5.1 MB.',
    );
    expect(cliFigure({ kind: 'podman', version: '4.3.1', imageStore: 'containers-storage' }, { inspect: 5_157_883, list: 5_157_883 }, 5_157_883)).toMatch(/^`podman images`/);
  });
  it('labels engines and compressed sources', () => {
    expect(engineLabel(containerd)).toBe('Docker 28.5.2 · containerd image store');
    expect(compressedWords('engine')).toMatch(/engine's own/);
    expect(compressedWords('computed')).toMatch(/gzip computed here/);
  });
});
