import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Budget, depthOf, findOutsideLink, limitError, scanTree } from '@/lib/sources/tree-limits';

const limits = { maxBytes: 1000, maxFiles: 3, maxDepth: 3 };

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'shipshape-tree-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

describe('scanTree', () => {
  it('passes a tree within the caps and names the first cap broken', async () => {
    expect(await scanTree(tree({ 'a.txt': 'x', 'b/c.txt': 'y' }), limits)).toBeUndefined();
    expect(await scanTree(tree({ 'big.bin': 'x'.repeat(1001) }), limits)).toEqual({ cap: 'bytes' });
    expect(await scanTree(tree({ a: '', b: '', c: '', d: '' }), limits)).toEqual({ cap: 'files' });
    expect(await scanTree(tree({ 'a/b/c/d.txt': '' }), limits)).toEqual({ cap: 'depth', path: 'a/b/c/d.txt' });
  });

  it('counts the bytes of .git but not its files or depth', async () => {
    expect(await scanTree(tree({ '.git/objects/aa/bb/cc/dd': '', '.git/x': '', '.git/y': '', '.git/z': '' }), limits)).toBeUndefined();
    expect(await scanTree(tree({ '.git/objects/pack.pack': 'x'.repeat(1001) }), limits)).toEqual({ cap: 'bytes' });
  });
});

describe('Budget', () => {
  it('counts files and folders separately, and written bytes', () => {
    const budget = new Budget(limits);
    for (let i = 0; i < 3; i += 1) expect(budget.entry(`d${i}/`, true)).toBeUndefined();
    expect(budget.entry('d3/', true)).toEqual({ cap: 'folders' });
    expect(budget.addBytes(1000)).toBeUndefined();
    expect(budget.addBytes(1)).toEqual({ cap: 'bytes' });
    expect(depthOf('./a//b/c/')).toBe(3);
  });

  it('names the setting in each message', () => {
    expect(limitError({ cap: 'bytes' }, { ...limits, maxBytes: 5 * 1024 * 1024 }, 'The archive').message).toMatch(/^The archive takes more than 5 MB.*MAX_REPO_MB\.$/);
    expect(limitError({ cap: 'files' }, limits, 'The repository').message).toMatch(/more than 3 files.*MAX_REPO_FILES\.$/);
    expect(limitError({ cap: 'folders' }, limits, 'The repository').message).toMatch(/more than 3 folders.*MAX_REPO_FILES\.$/);
    expect(limitError({ cap: 'depth', path: 'a/b/c/d' }, limits, 'The repository').message).toMatch(/more than 3 levels deep \("a\/b\/c\/d"\).*MAX_PATH_DEPTH\.$/);
  });
});

describe('findOutsideLink', () => {
  it('follows chains of links as the file system does', async () => {
    const root = tree({ 'sub/keep.txt': 'k', 'go.mod': 'module m\n' });
    symlinkSync('go.mod', path.join(root, 'inside'));
    symlinkSync('missing-but-inside', path.join(root, 'dangling'));
    expect(await findOutsideLink(root)).toBeUndefined();
    symlinkSync('..', path.join(root, 'sub', 'up'));
    expect(await findOutsideLink(root)).toBeUndefined();
    // lexically root/sub/up, on disk root/.. : out
    symlinkSync('sub/up/sub/up/../..', path.join(root, 'x'));
    expect(await findOutsideLink(root)).toBe('x');
  });

  it('refuses absolute and dangling outside links, but not inside .git', async () => {
    const absolute = tree({});
    symlinkSync('/etc/passwd', path.join(absolute, 'passwd'));
    expect(await findOutsideLink(absolute)).toBe('passwd');
    const dangling = tree({});
    symlinkSync('/no/such/file', path.join(dangling, 'gone'));
    expect(await findOutsideLink(dangling)).toBe('gone');
    const git = tree({ '.git/HEAD': 'ref: refs/heads/main\n' });
    symlinkSync('/etc/passwd', path.join(git, '.git', 'odd'));
    expect(await findOutsideLink(git)).toBeUndefined();
  });
});
