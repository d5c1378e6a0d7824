import Link from 'next/link';
import { Sparkline } from '@/components/sparkline';
import { StatusBadge } from '@/components/status-badge';
import type { RepositoryJson } from '@/lib/repositories/repository-json';
import { formatBytes, formatDate } from '@/lib/format';

function size(repository: RepositoryJson, kind: string, compressed = false): string {
  const v = repository.latest?.variants.find((x) => x.kind === kind);
  const bytes = compressed ? v?.compressedBytes : v?.sizeBytes;
  return bytes === null || bytes === undefined ? '–' : formatBytes(bytes);
}

/** The team's repositories: newest sizes, the multi-stage trend, the last run and the budget's state. */
export function RepositoryTable({ repositories }: { repositories: RepositoryJson[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full rounded-lg border border-slate-200 bg-white text-left text-sm" data-testid="repositories">
        <thead className="bg-slate-50 text-xs uppercase text-slate-500">
          <tr>
            <th className="px-3 py-2">Repository</th>
            <th className="px-3 py-2 text-right">Single-stage</th>
            <th className="px-3 py-2 text-right">Multi-stage</th>
            <th className="px-3 py-2 text-right">Own Dockerfile</th>
            <th className="px-3 py-2 text-right">Compressed</th>
            <th className="px-3 py-2">Trend</th>
            <th className="px-3 py-2">Last run</th>
            <th className="px-3 py-2">Budget</th>
          </tr>
        </thead>
        <tbody>
          {repositories.map((r) => (
            <tr key={r.id} className="border-t border-slate-100">
              <td className="max-w-xs truncate px-3 py-2">
                <Link href={`/repositories/${r.id}`} className="text-brand underline">
                  {r.name}
                </Link>
              </td>
              <td className="px-3 py-2 text-right">{size(r, 'single-stage')}</td>
              <td className="px-3 py-2 text-right">{size(r, 'multi-stage')}</td>
              <td className="px-3 py-2 text-right">{size(r, 'repository')}</td>
              <td className="px-3 py-2 text-right">{size(r, r.latest?.variants.some((v) => v.kind === 'multi-stage') ? 'multi-stage' : 'repository', true)}</td>
              <td className="px-3 py-2">
                <Sparkline points={r.trend.map((t) => t.sizeBytes)} />
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                {r.latest ? (
                  <span className="flex items-center gap-2">
                    <StatusBadge status={r.latest.status} /> <span className="text-slate-500">{formatDate(r.latest.createdAt)}</span>
                  </span>
                ) : (
                  '–'
                )}
              </td>
              <td className="px-3 py-2" data-testid={`budget-state-${r.id}`}>
                {!r.budget ? <span className="text-slate-400">none</span> : r.latest?.verdict ? r.latest.verdict.pass ? '✓ within' : '✗ over' : '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
