/** A repository's multi-stage size over its newest analyses, oldest first: a plain SVG line (no script). */
export function Sparkline({ points, width = 96, height = 24 }: { points: (number | null)[]; width?: number; height?: number }) {
  const values = points.map((p, i) => [i, p] as const).filter((p): p is readonly [number, number] => p[1] !== null);
  if (values.length < 2) return <span className="text-slate-400">–</span>;
  const low = Math.min(...values.map(([, v]) => v));
  const high = Math.max(...values.map(([, v]) => v));
  const x = (i: number) => (i / Math.max(1, points.length - 1)) * (width - 2) + 1;
  const y = (v: number) => (high === low ? height / 2 : height - 1 - ((v - low) / (high - low)) * (height - 2));
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label="multi-stage size over time">
      <polyline points={values.map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')} fill="none" stroke="#0f766e" strokeWidth="1.5" />
    </svg>
  );
}
