import Link from 'next/link';
import { Sparkline } from '@/components/sparkline';
import { StatusBadge } from '@/components/status-badge';
import { latestSize, type RepositoryJson } from '@/lib/repositories/repository-json';
import { formatBytes, formatDate } from '@/lib/format';

function size(repository: RepositoryJson, kind: string, compressed = false): string {
  const bytes = latestSize(repository, kind, compressed);
  return bytes === null ? '–' : formatBytes(bytes);
}

export interface DashboardFilters {
  q?: string;
  stack?: string;
  status?: string;
  overBudget?: string;
  sort?: string;
  cursor?: string;
}

/** The dashboard with these filters (empty ones left out). */
export function dashboardUrl(filters: DashboardFilters): string {
  const params = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const text = params.toString();
  return text ? `/?${text}` : '/';
}

const STACKS = ['go', 'rust', 'python', 'java', 'kotlin', 'node'];
const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled'];
const control = 'rounded border border-slate-300 px-2 py-1 text-sm';

/** Search and filters (a plain GET form: works without script, and the URL can be shared). */
export function RepositoryFilters({ filters }: { filters: DashboardFilters }) {
  return (
    <search>
      <form className="flex flex-wrap items-center gap-2" data-testid="repository-filters">
        <input name="q" defaultValue={filters.q ?? ''} placeholder="Find a repository" aria-label="Find a repository" className={control} />
        <select name="stack" defaultValue={filters.stack ?? ''} aria-label="Stack" className={control}>
          <option value="">any stack</option>
          {STACKS.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select name="status" defaultValue={filters.status ?? ''} aria-label="Status of the newest analysis" className={control}>
          <option value="">any status</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" name="overBudget" value="1" defaultChecked={filters.overBudget === '1'} /> over budget
        </label>
        {filters.sort ? <input type="hidden" name="sort" value={filters.sort} /> : null}
        <button type="submit" className="rounded-md border border-slate-300 px-3 py-1 text-sm">
          Search
        </button>
      </form>
    </search>
  );
}

/** A column header that sorts the list by it (the filters stay). */
function SortHeader({ label, sort, filters, className = '' }: { label: string; sort: string; filters: DashboardFilters; className?: string }) {
  const active = (filters.sort ?? 'name') === sort;
  return (
    <th className={`px-3 py-2 ${className}`} aria-sort={active ? (sort === 'name' ? 'ascending' : 'descending') : undefined}>
      <Link href={dashboardUrl({ ...filters, sort, cursor: undefined })} className={active ? 'text-slate-900 underline' : 'hover:text-slate-900'}>
        {label}
        {active ? (sort === 'name' ? ' ↑' : ' ↓') : ''}
      </Link>
    </th>
  );
}

/** The team's repositories: newest sizes, the multi-stage trend, the last run and the budget's state. */
export function RepositoryTable({ repositories, filters = {} }: { repositories: RepositoryJson[]; filters?: DashboardFilters }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full rounded-lg border border-slate-200 bg-white text-left text-sm" data-testid="repositories">
        <thead className="bg-slate-50 text-xs uppercase text-slate-500">
          <tr>
            <SortHeader label="Repository" sort="name" filters={filters} />
            <th className="px-3 py-2 text-right">Single-stage</th>
            <SortHeader label="Multi-stage" sort="size" filters={filters} className="text-right" />
            <th className="px-3 py-2 text-right">Own Dockerfile</th>
            <th className="px-3 py-2 text-right">Compressed</th>
            <th className="px-3 py-2">Trend</th>
            <SortHeader label="Last run" sort="recent" filters={filters} />
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
