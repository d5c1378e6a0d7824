import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { AnalysisView } from '@/components/analysis-view';
import { toAnalysisJson } from '@/lib/analyses/analysis-json';
import { getAnalysisOrThrow } from '@/lib/analyses/queries';
import { originFromHeaders } from '@/lib/api/origin';
import { NotFoundError } from '@/lib/errors';
import { pageActor } from '@/lib/auth/page-actor';
import { can } from '@/lib/auth/roles';
import { getSettings } from '@/lib/env';

export const dynamic = 'force-dynamic';

/** The page names the repository analysed. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  await pageActor();
  const { id } = await params;
  const analysis = await getAnalysisOrThrow(id).catch(() => null);
  return { title: analysis ? `${analysis.repository?.name ?? analysis.sourceLabel} · analysis` : 'Analysis' };
}

export default async function AnalysisPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await pageActor();
  const { id } = await params;
  const analysis = await getAnalysisOrThrow(id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const initial = toAnalysisJson(analysis, originFromHeaders(await headers()));
  const sharing = { canShare: can(actor.role, 'submit'), isAdmin: actor.role === 'admin' && actor.via !== 'single-user', defaultDays: getSettings().shareDefaultDays };
  const canDelete = can(actor.role, 'submit') && (actor.role === 'admin' || analysis.submittedBy === actor.email);
  return (
    <AnalysisView
      initial={initial}
      pollUrl={`/api/analyses/${id}`}
      eventsUrl={`/api/analyses/${id}/events`}
      sharing={sharing}
      canDelete={canDelete}
      canRun={can(actor.role, 'submit')}
    />
  );
}
