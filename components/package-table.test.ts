import { describe, expect, it } from 'vitest';
import { droppedPackages, packageTree } from '@/components/package-table';
import type { ImagePackage } from '@/lib/image-files/packages';

const pkg = (name: string, manager: ImagePackage['manager'], bytes: number): ImagePackage => ({ name, version: '1', manager, bytes, bytesFrom: 'files' });

describe('the package pictures', () => {
  it('a tree per package manager, its largest packages as tiles and the rest folded', () => {
    const many = Array.from({ length: 15 }, (_, i) => pkg(`lib${i}`, 'dpkg', 1000 - i));
    const tree = packageTree([...many, pkg('express', 'npm', 5000), pkg('empty', 'npm', 0)]);
    expect(tree.size).toBe(5000 + many.reduce((s, p) => s + p.bytes, 0));
    expect(tree.children!.map((c) => c.name)).toEqual(['dpkg', 'npm']);
    const dpkg = tree.children![0]!;
    expect(dpkg.children).toHaveLength(13);
    expect(dpkg.children!.at(-1)).toEqual({ name: '(3 more)', path: '/dpkg/(more)', size: 988 + 987 + 986 });
    // one manager: its packages are the first level
    expect(packageTree([pkg('gcc-12', 'dpkg', 9), pkg('golang-1.22-go', 'dpkg', 10)]).children!.map((c) => c.name)).toEqual(['golang-1.22-go', 'gcc-12']);
  });

  it('what the multi-stage image dropped: by manager and name, never a package of 0 bytes', () => {
    const single = [pkg('gcc-12', 'dpkg', 9), pkg('libc6', 'dpkg', 5), pkg('tzdata', 'dpkg', 0)];
    expect(droppedPackages(single, [pkg('libc6', 'dpkg', 5)]).map((p) => p.name)).toEqual(['gcc-12']);
  });
});
