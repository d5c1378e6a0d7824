'use client';

import { Line, LineChart } from 'recharts';

/** A repository's multi-stage size over its newest analyses, oldest first. */
export function Sparkline({ points }: { points: (number | null)[] }) {
  if (points.filter((p) => p !== null).length < 2) return <span className="text-slate-400">–</span>;
  return (
    <LineChart width={96} height={24} data={points.map((value, i) => ({ i, value }))} aria-label="multi-stage size over time">
      <Line dataKey="value" stroke="#0f766e" dot={false} strokeWidth={1.5} isAnimationActive={false} connectNulls />
    </LineChart>
  );
}
