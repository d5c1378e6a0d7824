// An image of 200,000 files would store as many rows and slow every page that reads
// them. Past MAX_IMAGE_FILES, the largest changes are kept as they are and the rest
// become one row per layer, kind of change and folder, holding their bytes and count.

export interface FileRow {
  layer: number;
  path: string;
  sizeBytes: bigint;
  change: string;
  type: string;
}

/** The summary row's name in its folder: "… 312 smaller files". */
export const summaryName = (count: number) => `… ${count} smaller file${count === 1 ? '' : 's'}`;

/** At most `cap` rows in all, summaries included. */
export function capFileRows<T extends FileRow>(rows: T[], cap: number, extra: Omit<T, keyof FileRow>): { rows: T[]; summarised: number } {
  if (rows.length <= cap) return { rows, summarised: 0 };
  const sorted = [...rows].sort((a, b) => (b.sizeBytes > a.sizeBytes ? 1 : b.sizeBytes < a.sizeBytes ? -1 : 0));
  // the summaries take room too: keep fewer rows until kept + summaries fit
  let keep = cap;
  let groups = summarise(sorted.slice(keep));
  for (let round = 0; round < 8 && keep + groups.size > cap; round++) {
    keep = Math.max(0, cap - groups.size);
    groups = summarise(sorted.slice(keep));
  }
  const kept = sorted.slice(0, keep);
  const summaries = [...groups.values()].map(
    (g) => ({ ...extra, layer: g.layer, change: g.change, type: 'other', sizeBytes: g.bytes, path: `${g.dir === '/' ? '' : g.dir}/${summaryName(g.count)}` }) as T,
  );
  return { rows: [...kept, ...summaries], summarised: rows.length - keep };
}

function summarise(rest: FileRow[]): Map<string, { layer: number; change: string; dir: string; bytes: bigint; count: number }> {
  const groups = new Map<string, { layer: number; change: string; dir: string; bytes: bigint; count: number }>();
  for (const row of rest) {
    const dir = row.path.slice(0, row.path.lastIndexOf('/')) || '/';
    const key = `${row.layer}\u0000${row.change}\u0000${dir}`;
    const group = groups.get(key) ?? { layer: row.layer, change: row.change, dir, bytes: 0n, count: 0 };
    group.bytes += row.sizeBytes;
    group.count += 1;
    groups.set(key, group);
  }
  return groups;
}
