'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistoryEntryJson } from '@/lib/repositories/repository-json';
import { formatBytes, formatDate } from '@/lib/format';

const COLORS = ['#94a3b8', '#0f766e', '#6366f1', '#f59e0b', '#db2777', '#0891b2'];

/** Every variant's size (solid) and compressed size (dashed) per analysis, oldest first; a click picks an analysis. */
export function HistoryChart({ history, kinds, picked, onPick }: { history: HistoryEntryJson[]; kinds: string[]; picked: string[]; onPick: (analysisId: string) => void }) {
  const data = history.map((h, index) => {
    const row: Record<string, number | string | null> = { index, analysisId: h.analysisId, label: `${formatDate(h.createdAt)}${h.commit ? ` · ${h.commit.sha.slice(0, 7)}` : ''}` };
    for (const v of h.variants) {
      row[v.kind] = v.sizeBytes;
      row[`${v.kind} compressed`] = v.compressedBytes;
    }
    return row;
  });
  return (
    <div className="h-80 w-full" data-testid="history-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={data}
          margin={{ left: 16, right: 16, top: 8 }}
          onClick={(state) => {
            const index = Number(state?.activeTooltipIndex);
            const entry = Number.isInteger(index) ? history[index] : undefined;
            if (entry) onPick(entry.analysisId);
          }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis tickFormatter={(v: number) => formatBytes(v)} width={72} />
          <Tooltip formatter={(v, name) => [formatBytes(Number(v)), String(name)]} />
          <Legend />
          {kinds.flatMap((kind, i) => [
            <Line
              key={kind}
              dataKey={kind}
              stroke={COLORS[i % COLORS.length]}
              isAnimationActive={false}
              connectNulls
              dot={(props: { cx?: number; cy?: number; index?: number }) => {
                const isPicked = props.index !== undefined && picked.includes(history[props.index]?.analysisId ?? '');
                return <circle key={`${kind}-${props.index}`} cx={props.cx} cy={props.cy} r={isPicked ? 6 : 3} fill={isPicked ? '#0f172a' : COLORS[i % COLORS.length]} />;
              }}
            />,
            <Line
              key={`${kind} compressed`}
              dataKey={`${kind} compressed`}
              stroke={COLORS[i % COLORS.length]}
              strokeDasharray="4 4"
              isAnimationActive={false}
              dot={false}
              connectNulls
            />,
          ])}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
