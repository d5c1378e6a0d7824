import { describe, expect, it } from 'vitest';
import { useFreshSettings } from '../../tests/helpers/test-settings';

// The compact file index answers exactly as the row-per-file storage of older
// analyses does, at every layer and below every folder; FILE_DETAILS_DAYS removes it
// from old analyses only, and says so.

useFreshSettings({ FILE_DETAILS_DAYS: '30' });
const { getDb } = await import('@/lib/db');
const { encodeFileIndex, decodeFileIndex } = await import('@/lib/image-files/file-index');
const { fileStateAt, layerChanges, listDirectory } = await import('@/lib/image-files/stored-files');
const { removeOldFileDetails } = await import('@/lib/analyses/disk');

// position 2 is the oldest layer; 0 the newest
const ROWS = [
  { layer: 2, path: '/usr', sizeBytes: 0n, change: 'added', type: 'dir' },
  { layer: 2, path: '/usr/bin/go', sizeBytes: 101_000_000n, change: 'added', type: 'file' },
  { layer: 2, path: '/usr/lib/gcc/cc1', sizeBytes: 81_900_000n, change: 'added', type: 'file' },
  { layer: 2, path: '/etc/os-release', sizeBytes: 267n, change: 'added', type: 'file' },
  { layer: 1, path: '/usr/lib/gcc/cc1', sizeBytes: 0n, change: 'removed', type: 'file' },
  { layer: 1, path: '/etc/os-release', sizeBytes: 301n, change: 'modified', type: 'file' },
  { layer: 1, path: '/usr/bin/cc', sizeBytes: 0n, change: 'added', type: 'symlink' },
  { layer: 0, path: '/app/server', sizeBytes: 5_100_000n, change: 'added', type: 'file' },
  { layer: 0, path: '/app/… 3 smaller files', sizeBytes: 1234n, change: 'added', type: 'other' },
];

let serial = 0;
async function variantWith(storage: 'index' | 'rows', finishedDaysAgo = 1): Promise<string> {
  const db = getDb();
  const id = `files-${++serial}`;
  await db.analysis.create({
    data: {
      id,
      status: 'succeeded',
      sourceType: 'sample',
      sourceLabel: 'sample:go',
      shareToken: `files-share-${serial}`,
      finishedAt: new Date(Date.now() - finishedDaysAgo * 86_400_000),
    },
  });
  const variant = await db.variant.create({
    data: {
      analysisId: id,
      kind: 'single-stage',
      status: 'succeeded',
      dockerfile: 'FROM x',
      baseImages: [],
      ...(storage === 'index' ? { fileIndex: encodeFileIndex(ROWS) as Uint8Array<ArrayBuffer> } : {}),
    },
  });
  if (storage === 'rows') await db.fileChange.createMany({ data: ROWS.map((row) => ({ ...row, variantId: variant.id })) });
  return variant.id;
}

describe('the compact file index', () => {
  it('round-trips every row', () => {
    expect(decodeFileIndex(encodeFileIndex(ROWS))).toEqual(ROWS.map((row) => ({ ...row, sizeBytes: Number(row.sizeBytes) })));
  });

  it('gives the same file system as one row per file, at every layer and below every folder', async () => {
    const indexed = await variantWith('index');
    const rows = await variantWith('rows');
    for (const position of [0, 1, 2, 3]) {
      for (const dir of ['/', '/usr', '/usr/lib', '/etc', '/app', '/nowhere']) {
        const a = await fileStateAt(indexed, position, dir);
        const b = await fileStateAt(rows, position, dir);
        expect([...a.entries()], `position ${position}, ${dir}`).toEqual([...b.entries()]);
        expect(listDirectory(a, dir)).toEqual(listDirectory(b, dir));
      }
    }
    // what the final image holds: cc1 removed, os-release as modified, the toolchain still there
    const final = await fileStateAt(indexed, 0);
    expect(final.has('/usr/lib/gcc/cc1')).toBe(false);
    expect(final.get('/etc/os-release')).toEqual({ size: 301, type: 'file', layer: 1 });
    expect(listDirectory(final, '/')[0]).toMatchObject({ name: 'usr', sizeBytes: 101_000_000 });
  });

  it('lists what one layer alone added, changed and removed, the same from the index as from rows', async () => {
    const indexed = await variantWith('index');
    const rows = await variantWith('rows');
    for (const dir of ['/', '/usr', '/usr/lib', '/etc']) expect(await layerChanges(indexed, 1, dir), dir).toEqual(await layerChanges(rows, 1, dir));
    expect(await layerChanges(indexed, 1, '/')).toEqual([
      expect.objectContaining({ name: 'etc', kind: 'dir', sizeBytes: 301, change: null, changes: { added: 0, modified: 1, removed: 0 } }),
      expect.objectContaining({ name: 'usr', kind: 'dir', sizeBytes: 0, files: 2, changes: { added: 1, modified: 0, removed: 1 } }),
    ]);
    expect(await layerChanges(indexed, 1, '/usr/lib/gcc')).toEqual([expect.objectContaining({ name: 'cc1', kind: 'file', change: 'removed' })]);
    expect((await layerChanges(indexed, 2, '/usr'))[0]).toMatchObject({ name: 'bin', sizeBytes: 101_000_000, changes: { added: 1, modified: 0, removed: 0 } });
  });

  it('is removed from analyses older than FILE_DETAILS_DAYS, with the reason on the variant; newer ones keep theirs', async () => {
    const old = await variantWith('index', 40);
    const oldRows = await variantWith('rows', 40);
    const recent = await variantWith('index', 2);
    expect(await removeOldFileDetails()).toBe(2);
    const db = getDb();
    for (const id of [old, oldRows]) {
      const variant = await db.variant.findUniqueOrThrow({ where: { id }, select: { fileIndex: true, filesError: true } });
      expect(variant.fileIndex).toBeNull();
      expect(variant.filesError).toMatch(/removed 30 days after it ran \(FILE_DETAILS_DAYS\)/);
      expect((await fileStateAt(id, 0)).size).toBe(0);
    }
    expect(await db.fileChange.count({ where: { variantId: oldRows } })).toBe(0);
    expect((await fileStateAt(recent, 0)).size).toBeGreaterThan(0);
    expect(await removeOldFileDetails()).toBe(0);
  });
});
