import Link from 'next/link';
import { headers } from 'next/headers';
import { AutoRefresh } from '@/components/auto-refresh';
import { StatusBadge } from '@/components/status-badge';
import { SubmitSampleButton } from '@/components/submit-sample-button';
import { toAnalysisSummaryJson } from '@/lib/analyses/analysis-json';
import { TERMINAL_STATUSES } from '@/lib/analyses/kinds';
import { listAnalyses } from '@/lib/analyses/queries';
import { originFromHeaders } from '@/lib/api/origin';
import { formatBytes, formatDate, formatReduction } from '@/lib/format';
import { pageActor } from '@/lib/auth/page-actor';
import { can } from '@/lib/auth/roles';
import { listRepositories, repositoryQuerySchema } from '@/lib/repositories/repository-json';
import { dashboardUrl, RepositoryFilters, RepositoryTable } from '@/components/repository-table';

export const dynamic = 'force-dynamic';

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await pageActor();
  // a query string that does not parse (an old bookmark, a typo) shows the first page unfiltered
  const parsed = repositoryQuerySchema.safeParse(Object.fromEntries(Object.entries(await searchParams).filter((e): e is [string, string] => typeof e[1] === 'string')));
  const query = parsed.success ? parsed.data : {};
  const repositories = await listRepositories({ ...query, limit: 50 }).catch(() => listRepositories({ limit: 50 }));
  const filters = { q: query.q, stack: query.stack, status: query.status, overBudget: query.overBudget ? '1' : undefined, sort: query.sort };
  const search = query.q ?? '';
  const mayRun = can(actor.role, 'submit');
  const origin = originFromHeaders(await headers());
  const analyses = (await listAnalyses(10)).map((a) => toAnalysisSummaryJson(a, origin));
  const active = analyses.some((a) => !TERMINAL_STATUSES.has(a.status));
  return (
    <div className="space-y-8">
      <AutoRefresh active={active} />
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <h1 className="text-2xl font-semibold">Why is our image 1 GB?</h1>
        <p className="mt-2 max-w-2xl text-slate-600">
          Shipshape builds your repository twice on a real Docker engine, single-stage and multi-stage, and shows what every layer costs.
        </p>
        <div className="mt-4 flex flex-wrap items-start gap-3">
          {mayRun ? (
            <SubmitSampleButton name="go" label="Try the Go sample" />
          ) : (
            <p className="text-sm text-slate-600">Your role ({actor.role}) can read analyses; members and admins submit them.</p>
          )}
          <Link href="/new" className={`rounded-md border border-slate-300 px-4 py-2 font-medium hover:bg-slate-50 ${mayRun ? '' : 'hidden'}`}>
            Analyse a repository
          </Link>
        </div>
      </section>

      <section>
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
          <h2 className="text-lg font-semibold">Repositories</h2>
          <RepositoryFilters filters={filters} />
        </div>
        {repositories.repositories.length === 0 ? (
          <p className="text-slate-500">
            {Object.values(filters).some(Boolean) ? `No repository matches${search ? ` "${search}"` : ''} with these filters.` : 'No repository yet: each analysis belongs to one.'}
          </p>
        ) : (
          <RepositoryTable repositories={repositories.repositories} filters={filters} />
        )}
        <p className="mt-2 text-xs text-slate-500">
          Download these repositories:{' '}
          <a
            href={`/api/repositories/export?${new URLSearchParams(Object.entries({ ...filters, format: 'csv' }).filter((e): e is [string, string] => typeof e[1] === 'string'))}`}
            className="underline"
          >
            CSV
          </a>{' '}
          ·{' '}
          <a
            href={`/api/repositories/export?${new URLSearchParams(Object.entries({ ...filters, format: 'json' }).filter((e): e is [string, string] => typeof e[1] === 'string'))}`}
            className="underline"
          >
            JSON
          </a>{' '}
          · the API:{' '}
          <a href="/api/openapi.json" className="underline">
            OpenAPI
          </a>
        </p>
        {repositories.nextCursor ? (
          <Link href={dashboardUrl({ ...filters, cursor: repositories.nextCursor })} className="mt-2 inline-block text-sm text-brand underline">
            Next repositories
          </Link>
        ) : null}
      </section>

      <section>
        <h2 className="mb-3 text-lg font-semibold">Recent analyses</h2>
        {analyses.length === 0 ? (
          <p className="text-slate-500">Nothing analysed yet. Try the Go sample above.</p>
        ) : (
          <form action="/compare" method="get" className="overflow-x-auto" data-testid="analyses-compare">
            <table className="w-full rounded-lg border border-slate-200 bg-white text-left text-sm" data-testid="analyses">
              <thead className="bg-slate-50 text-xs uppercase text-slate-500">
                <tr>
                  <th className="px-3 py-2">
                    <span className="sr-only">Pick to compare</span>
                  </th>
                  <th className="px-3 py-2">Repository</th>
                  <th className="px-3 py-2">Stack</th>
                  <th className="px-3 py-2">Status</th>
                  <th className="px-3 py-2 text-right">Single-stage</th>
                  <th className="px-3 py-2 text-right">Multi-stage</th>
                  <th className="px-3 py-2 text-right">Reduction</th>
                  <th className="px-3 py-2">Submitted</th>
                </tr>
              </thead>
              <tbody>
                {analyses.map((a) => (
                  <tr key={a.id} className="border-t border-slate-100">
                    <td className="px-3 py-2">
                      {a.status === 'succeeded' ? (
                        <input type="checkbox" name="pick" value={a.id} aria-label={`pick ${a.source.label} (${formatDate(a.createdAt)}) to compare`} />
                      ) : null}
                    </td>
                    <td className="max-w-xs truncate px-3 py-2">
                      <Link href={`/analyses/${a.id}`} className="text-brand underline">
                        {a.source.label}
                      </Link>
                    </td>
                    <td className="px-3 py-2">{a.stack?.language ?? '–'}</td>
                    <td className="px-3 py-2">
                      <StatusBadge status={a.status} />
                    </td>
                    <td className="px-3 py-2 text-right">{a.comparison ? formatBytes(a.comparison.singleStageBytes) : '–'}</td>
                    <td className="px-3 py-2 text-right">{a.comparison ? formatBytes(a.comparison.multiStageBytes) : '–'}</td>
                    <td className="px-3 py-2 text-right">{a.comparison ? formatReduction(a.comparison.singleStageBytes, a.comparison.multiStageBytes) : '–'}</td>
                    <td className="px-3 py-2 whitespace-nowrap text-slate-500">{formatDate(a.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="mt-2 flex items-center gap-2 text-sm">
              <button type="submit" className="rounded border border-slate-300 px-3 py-1" data-testid="compare-picked">
                Compare the two ticked
              </button>
              <select name="kind" aria-label="image to compare" className="rounded border border-slate-300 px-2 py-1" defaultValue="multi-stage">
                <option value="multi-stage">multi-stage images</option>
                <option value="single-stage">single-stage images</option>
                <option value="repository">the repositories&apos; own images</option>
              </select>
              <span className="text-xs text-slate-500">file by file: what was added, removed and changed</span>
            </p>
          </form>
        )}
      </section>
    </div>
  );
}
