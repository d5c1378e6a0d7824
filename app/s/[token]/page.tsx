import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { AnalysisView } from '@/components/analysis-view';
import { toAnalysisJson } from '@/lib/analyses/analysis-json';
import { getSharedAnalysisOrThrow } from '@/lib/analyses/queries';
import { originFromHeaders } from '@/lib/api/origin';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Shared comparison', robots: { index: false } };

// A read-only page for people outside the team: the comparison and nothing else.
export default async function SharedAnalysisPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const analysis = await getSharedAnalysisOrThrow(token).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const initial = toAnalysisJson(analysis, originFromHeaders(await headers()));
  return (
    <main className="mx-auto max-w-6xl px-6 py-8">
      <p className="mb-4 text-sm text-slate-500">A Shipshape comparison, shared read-only.</p>
      <AnalysisView initial={initial} pollUrl={`/api/share/${token}`} shared />
    </main>
  );
}
