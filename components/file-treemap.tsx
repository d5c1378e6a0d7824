'use client';

import { useState, type KeyboardEvent } from 'react';
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
  index: number;
  /** the folder has folders of its own to zoom into */
  openable?: boolean;
  onOpen?: (path: string) => void;
}

const FILLS = ['#0f766e', '#0d9488', '#14b8a6', '#0e7490', '#115e59', '#0891b2'];
const CHAR = 6.2;

/** The tile's label cut to its width: "…" where it does not fit, nothing where not a letter fits. */
function fitLabel(text: string, width: number): string {
  const room = Math.floor((width - 8) / CHAR);
  if (room < 3) return '';
  return text.length <= room ? text : `${text.slice(0, room - 1)}…`;
}

/** One folder's tile: its own label and size only (one level is drawn at a time, so no child covers it). */
function Box(props: Partial<Cell>) {
  const { x = 0, y = 0, width = 0, height = 0, name = '', path, size = 0, depth = 0, index = 0, openable, onOpen } = props;
  if (depth !== 1) return null;
  const label = fitLabel(name, width);
  const open = () => openable && path && onOpen?.(path);
  const onKey = (event: KeyboardEvent<SVGGElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open();
    }
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG tile cannot be a <button>; it takes the button's role and keys
    <g
      role="button"
      tabIndex={0}
      aria-label={`${path ?? name}: ${formatBytes(size)}${openable ? ', open' : ''}`}
      data-tile={path ?? name}
      onClick={open}
      onKeyDown={onKey}
      style={{ cursor: openable ? 'zoom-in' : 'default', outline: 'none' }}
      className="focus:[&>rect]:stroke-amber-400"
    >
      <rect x={x} y={y} width={width} height={height} fill={FILLS[index % FILLS.length]} stroke="#fff" strokeWidth={2} />
      {label && height > 18 ? (
        <text x={x + 4} y={y + 14} fill="#fff" fontSize={11} pointerEvents="none">
          <tspan>{label}</tspan>
          {height > 32 ? (
            <tspan x={x + 4} dy={13}>
              {fitLabel(formatBytes(size), width)}
            </tspan>
          ) : null}
        </text>
      ) : null}
    </g>
  );
}

function find(tree: TreeNode, path: string): TreeNode {
  if (tree.path === path) return tree;
  for (const child of tree.children ?? []) {
    if (path === child.path || path.startsWith(`${child.path}/`)) return find(child, path);
  }
  return tree;
}

/** The final file system by directory, one folder at a time: click a tile (or Enter) to zoom in, the path above to go back. */
export function FileTreemap({ tree, testId = 'treemap', label = 'Treemap' }: { tree: TreeNode; testId?: string; label?: string }) {
  const [at, setAt] = useState(tree.path);
  const node = find(tree, at);
  const tiles = (node.children ?? []).map((child) => ({ name: child.name, path: child.path, size: child.size, openable: Boolean(child.children?.length) }));
  const crumbs = node.path.split('/').filter(Boolean);
  return (
    <section data-testid={testId} aria-label={label}>
      <div className="mb-1 font-mono text-xs" data-testid="treemap-path">
        <button type="button" className="text-brand underline" onClick={() => setAt(tree.path)}>
          /
        </button>
        {crumbs.map((part, i) => (
          <span key={`/${crumbs.slice(0, i + 1).join('/')}`}>
            {i ? '/' : ''}
            <button type="button" className="text-brand underline" onClick={() => setAt(`/${crumbs.slice(0, i + 1).join('/')}`)}>
              {part}
            </button>
          </span>
        ))}
        <span className="text-slate-500"> · {formatBytes(node.size)}</span>
      </div>
      <div className="h-72 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <Treemap
            data={tiles as unknown as Record<string, unknown>[]}
            dataKey="size"
            nameKey="name"
            isAnimationActive={false}
            content={<Box onOpen={(path: string) => setAt(path)} />}
          >
            <Tooltip formatter={(value, _name, item) => [formatBytes(Number(value)), (item?.payload as { path?: string })?.path ?? '']} />
          </Treemap>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
