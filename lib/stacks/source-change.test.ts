import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeTree } from '../../tests/helpers/write-tree';
import { touchSource } from '@/lib/stacks/source-change';

describe('touchSource', () => {
  it('appends a comment in the language of the file, unique to the rebuild', () => {
    const root = writeTree({ 'main.go': 'package main\n', 'app.py': 'print(1)\n' });
    expect(touchSource(root, 'main.go', 'a1 1')).toBe('main.go');
    expect(touchSource(root, 'app.py', 'a1 2')).toBe('app.py');
    expect(readFileSync(path.join(root, 'main.go'), 'utf8')).toBe('package main\n\n// shipshape: source-only change for the warm rebuild (a1 1)\n');
    expect(readFileSync(path.join(root, 'app.py'), 'utf8')).toBe('print(1)\n\n# shipshape: source-only change for the warm rebuild (a1 2)\n');
  });

  it('changes nothing it cannot comment', () => {
    const root = writeTree({ 'data.bin': 'x' });
    expect(touchSource(root, null, 't')).toBeNull();
    expect(touchSource(root, 'data.bin', 't')).toBeNull();
    expect(touchSource(root, 'missing.go', 't')).toBeNull();
  });
});
