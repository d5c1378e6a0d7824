'use client';

import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { VariantJson } from '@/lib/analyses/analysis-json';
import { formatBytes } from '@/lib/format';
import { instructionOf } from '@/lib/image-files/instruction';

// Two shades each, alternating, so neighbouring layers stay apart
const BASE = ['#94a3b8', '#cbd5e1'];
const ADDED = ['#0f766e', '#5eead4'];
const UNKNOWN = ['#6366f1', '#a5b4fc'];

/** The width both charts give the names, so their axes line up. */
export const nameAxisWidth = (names: string[]) => Math.max(100, ...names.map((n) => n.length * 7.5));

/**
 * Each variant as a stack of its layers, bottom layer first: where the bytes come
 * from, the base image's layers told apart from those its Dockerfile added. `maxBytes`
 * gives it the size chart's axis.
 */
export function LayerStackChart({ variants, maxBytes }: { variants: VariantJson[]; maxBytes?: number }) {
  const built = variants.filter((v) => v.sizeBytes !== null);
  // bottom first, with each layer's place in the history (the base is the bottom baseLayers entries)
  const stacks = built.map((v) =>
    [...v.layers]
      .reverse()
      .map((layer, entry) => ({ layer, base: v.baseLayers === null ? null : entry < v.baseLayers }))
      .filter(({ layer }) => !layer.empty),
  );
  const depth = Math.max(0, ...stacks.map((s) => s.length));
  const data = built.map((v, i) => {
    const row: Record<string, number | string> = { name: v.kind };
    for (const [j, { layer }] of stacks[i]!.entries()) row[`l${j}`] = layer.sizeBytes;
    return row;
  });
  const fill = (i: number, j: number) => {
    const base = stacks[i]?.[j]?.base;
    return (base === null ? UNKNOWN : base ? BASE : ADDED)[j % 2];
  };
  const layerWords = (kind: string, j: number) => {
    const i = built.findIndex((v) => v.kind === kind);
    const found = stacks[i]?.[j];
    if (!found) return '';
    const where = found.base === null ? '' : found.base ? ' (base image)' : ' (added)';
    return `layer ${j + 1}${where}: ${instructionOf(found.layer.createdBy).slice(0, 80)}`;
  };
  const anyUnknown = stacks.some((s) => s.some((l) => l.base === null));
  return (
    <div className="w-full" data-testid="layer-stack-chart">
      <div style={{ height: 48 + built.length * 52 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ left: 24, right: 72 }}>
            <XAxis type="number" domain={[0, maxBytes ?? 'auto']} tickFormatter={(v: number) => formatBytes(v)} />
            <YAxis type="category" dataKey="name" width={nameAxisWidth(built.map((b) => b.kind))} tick={{ fontSize: 13 }} />
            <Tooltip formatter={(value, key, item) => [formatBytes(Number(value)), layerWords(String((item?.payload as { name?: string })?.name), Number(String(key).slice(1)))]} />
            {Array.from({ length: depth }, (_, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the bar of layer position j, which is its identity
              <Bar key={j} dataKey={`l${j}`} stackId="layers" isAnimationActive={false}>
                {data.map((row, i) => (
                  <Cell key={String(row.name)} fill={fill(i, j)} />
                ))}
              </Bar>
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" data-testid="layer-chart-legend">
        <Swatch colors={BASE} label="the base image's layers" />
        <Swatch colors={ADDED} label="layers the Dockerfile added" />
        {anyUnknown ? <Swatch colors={UNKNOWN} label="layers (base not known)" /> : null}
        <span className="text-slate-400">bottom layer first; hover a segment for its instruction</span>
      </p>
    </div>
  );
}

function Swatch({ colors, label }: { colors: string[]; label: string }) {
  return (
    <span className="inline-flex items-center gap-1">
      {colors.map((color) => (
        <span key={color} className="inline-block h-3 w-3 rounded-sm" style={{ background: color }} />
      ))}
      {label}
    </span>
  );
}
