'use client';

import { ResponsiveContainer, Tooltip, Treemap } from 'recharts';
import type { TreeNode } from '@/lib/image-files/summarise';
import { formatBytes } from '@/lib/format';

interface Cell {
  x: number;
  y: number;
  width: number;
  height: number;
  name: string;
  path?: string;
  size: number;
  depth: number;
}

const FILLS = ['#0f766e', '#0d9488', '#14b8a6', '#5eead4'];

function Box(props: unknown) {
  const { x, y, width, height, name, path, size, depth } = props as Cell;
  if (depth === 0) return null;
  // top-level folders carry the label; deeper ones show as tiles within them
  const label = name === '(files)' || name === '(other)' ? `${path ?? ''} ${name}` : (path ?? name);
  return (
    <g>
      <rect
        x={x}
        y={y}
        width={width}
        height={height}
        fill={FILLS[(depth - 1) % FILLS.length]}
        fillOpacity={depth === 1 ? 1 : 0.55}
        stroke="#fff"
        strokeWidth={depth === 1 ? 3 : 1}
      />
      {width > 70 && height > 28 && (depth === 1 || (width > 140 && height > 60)) ? (
        <text x={x + 4} y={y + 14} fill="#fff" fontSize={11}>
          <tspan>{label.length * 6 > width ? `${label.slice(0, Math.floor(width / 6) - 1)}…` : label}</tspan>
          <tspan x={x + 4} dy={13}>
            {formatBytes(size)}
          </tspan>
        </text>
      ) : null}
    </g>
  );
}

/** The final file system by directory: where the bytes are. */
export function FileTreemap({ tree }: { tree: TreeNode }) {
  return (
    <div className="h-72 w-full" data-testid="treemap">
      <ResponsiveContainer width="100%" height="100%">
        <Treemap data={(tree.children ?? []) as unknown as Record<string, unknown>[]} dataKey="size" nameKey="name" isAnimationActive={false} content={<Box />}>
          <Tooltip formatter={(value, _name, item) => [formatBytes(Number(value)), (item?.payload as { path?: string })?.path ?? '']} />
        </Treemap>
      </ResponsiveContainer>
    </div>
  );
}
