import { withErrors } from '@/lib/api/errors';
import { downloadFormatSchema, downloadResponse } from '@/lib/api/download';
import { requireActor } from '@/lib/auth/current-user';
import { latestSize, listRepositories, repositoryQuerySchema, type RepositoryJson } from '@/lib/repositories/repository-json';

// GET /api/repositories/export?format=csv|json (and the list's filters) - the dashboard's repositories, every page
export const GET = withErrors(async (request: Request) => {
  await requireActor(request, 'view');
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { format } = downloadFormatSchema.parse({ format: params.format });
  const { cursor: _cursor, limit: _limit, ...query } = repositoryQuerySchema.parse({ ...params, format: undefined });
  const repositories: RepositoryJson[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRepositories({ ...query, cursor, limit: 200 });
    repositories.push(...page.repositories);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && repositories.length < 20_000);
  const columns = [
    'id',
    'name',
    'url',
    'subdir',
    'latestAnalysisId',
    'latestStatus',
    'latestAt',
    'commit',
    'singleStageBytes',
    'multiStageBytes',
    'repositoryBytes',
    'multiStageCompressedBytes',
    'budgetPass',
  ];
  const rows = repositories.map((r) => [
    r.id,
    r.name,
    r.url,
    r.subdir,
    r.latest?.analysisId,
    r.latest?.status,
    r.latest?.createdAt,
    r.latest?.commit?.sha,
    latestSize(r, 'single-stage'),
    latestSize(r, 'multi-stage'),
    latestSize(r, 'repository'),
    latestSize(r, 'multi-stage', true),
    r.latest?.verdict ? r.latest.verdict.pass : null,
  ]);
  return downloadResponse(format, 'repositories', columns, rows, { repositories });
});
