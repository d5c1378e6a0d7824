// Human units as Docker prints them: decimal (1 MB = 1,000,000 bytes), like `docker images`.
const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return `${bytes} B`;
  // 3 significant figures at most, as in "646 MB", "4.8 MB", "12.3 MB"
  const rounded = value >= 100 ? Math.round(value).toString() : value.toFixed(1);
  return `${rounded.replace(/\.0$/, '')} ${UNITS[unit]}`;
}

/** How much smaller `after` is than `before`, in percent (one decimal); null when undefined. */
export function reductionPercent(before: number, after: number): number | null {
  if (!(before > 0) || !(after >= 0)) return null;
  return Math.round(((before - after) / before) * 1000) / 10;
}

export function formatReduction(before: number, after: number): string {
  const pct = reductionPercent(before, after);
  if (pct === null) return '';
  if (pct >= 0) return `${pct.toFixed(1)} % smaller`;
  return `${(-pct).toFixed(1)} % larger`;
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return `${m} min ${s} s`;
}

/** A timestamp that reads the same on the server and in every browser: "2026-11-28 08:22 UTC". */
export function formatDate(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
