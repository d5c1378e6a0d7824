'use client';

import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBytes } from '@/lib/format';
import { nameAxisWidth } from '@/components/layer-stack-chart';

export interface SizeBar {
  name: string;
  bytes: number;
}

const COLORS = ['#94a3b8', '#0f766e', '#6366f1', '#f59e0b'];

/** Image sizes side by side, in Docker's units. */
export function SizeChart({ bars, maxBytes }: { bars: SizeBar[]; maxBytes?: number }) {
  return (
    <div className="w-full" style={{ height: 48 + bars.length * 52 }} data-testid="size-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} layout="vertical" margin={{ left: 24, right: 72 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" domain={[0, maxBytes ?? 'auto']} tickFormatter={(v: number) => formatBytes(v)} />
          <YAxis type="category" dataKey="name" width={nameAxisWidth(bars.map((b) => b.name))} tick={{ fontSize: 13 }} />
          <Tooltip formatter={(v) => [formatBytes(Number(v)), 'image size']} />
          <Bar dataKey="bytes" isAnimationActive={false}>
            {bars.map((bar, i) => (
              <Cell key={bar.name} fill={COLORS[i % COLORS.length]} />
            ))}
            <LabelList dataKey="bytes" position="right" formatter={(v) => formatBytes(Number(v))} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
