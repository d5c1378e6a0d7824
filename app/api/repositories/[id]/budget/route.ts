import { NextResponse } from 'next/server';
import { originOf, withErrors } from '@/lib/api/errors';
import { readJson } from '@/lib/api/read-json';
import { audit } from '@/lib/audit';
import { requireActor } from '@/lib/auth/current-user';
import { budgetSchema, isEmptyBudget } from '@/lib/repositories/budget';
import { setBudget } from '@/lib/repositories/repositories';
import { getRepositoryJson } from '@/lib/repositories/repository-json';

// PUT /api/repositories/:id/budget - the rules every analysis of the repository is held to
// (members and admins); {} or null removes them. The newest analysis is judged again at once.
export const PUT = withErrors(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await requireActor(request, 'submit');
  const { id } = await params;
  const body = await readJson(request, 'The body must be JSON like {"maxSize":[{"variant":"multi-stage","bytes":50000000}],"maxGrowth":{"variant":"multi-stage","percent":5}}.');
  const budget = body === null ? null : budgetSchema.parse(body);
  await setBudget(id, budget && !isEmptyBudget(budget) ? budget : null, actor.email);
  await audit(actor.email, 'repository.budget', id);
  return NextResponse.json(await getRepositoryJson(id, originOf(request)));
});
