'use client';

import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { VariantJson } from '@/lib/analyses/analysis-json';
import { formatBytes } from '@/lib/format';

const COLORS = ['#0f766e', '#14b8a6', '#6366f1', '#a5b4fc', '#f59e0b', '#fcd34d', '#64748b', '#cbd5e1'];

/** Each variant as a stack of its layers, bottom layer first: where the bytes come from. */
export function LayerStackChart({ variants }: { variants: VariantJson[] }) {
  const built = variants.filter((v) => v.sizeBytes !== null);
  const stacks = built.map((v) => v.layers.filter((l) => !l.empty).reverse());
  const depth = Math.max(0, ...stacks.map((s) => s.length));
  const data = built.map((v, i) => {
    const row: Record<string, number | string> = { name: v.kind };
    for (const [j, layer] of stacks[i]!.entries()) row[`l${j}`] = layer.sizeBytes;
    return row;
  });
  const instruction = (kind: string, j: number) => {
    const layer = stacks[built.findIndex((v) => v.kind === kind)]?.[j];
    return layer ? layer.createdBy.replace(/^\/bin\/sh -c (#\(nop\) )?/, '').slice(0, 80) : '';
  };
  return (
    <div className="w-full" style={{ height: 48 + built.length * 52 }} data-testid="layer-stack-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ left: 24, right: 24 }}>
          <XAxis type="number" tickFormatter={(v: number) => formatBytes(v)} />
          <YAxis type="category" dataKey="name" width={Math.max(100, ...built.map((b) => b.kind.length * 7.5))} tick={{ fontSize: 13 }} />
          <Tooltip formatter={(value, key, item) => [formatBytes(Number(value)), instruction(String((item?.payload as { name?: string })?.name), Number(String(key).slice(1)))]} />
          {Array.from({ length: depth }, (_, j) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the bar of layer position j, which is its identity
            <Bar key={j} dataKey={`l${j}`} stackId="layers" fill={COLORS[j % COLORS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
