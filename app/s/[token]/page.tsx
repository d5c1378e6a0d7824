import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { AnalysisView } from '@/components/analysis-view';
import { comparisonOf, toSharedAnalysisJson } from '@/lib/analyses/analysis-json';
import { formatBytes, formatReduction } from '@/lib/format';
import { getSharedAnalysisOrThrow } from '@/lib/analyses/queries';
import { originFromHeaders } from '@/lib/api/origin';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ token: string }> }): Promise<Metadata> {
  const { token } = await params;
  const analysis = await getSharedAnalysisOrThrow(token).catch(() => null);
  const base = { robots: { index: false }, metadataBase: new URL(originFromHeaders(await headers(), 'http://localhost')) };
  if (!analysis) return { ...base, title: 'Shipshape' };
  const c = comparisonOf(analysis.variants);
  const title = c ? `${formatBytes(c.singleStageBytes)} → ${formatBytes(c.multiStageBytes)}: ${analysis.sourceLabel}` : `Shipshape: ${analysis.sourceLabel}`;
  const description = c ? `Single-stage vs multi-stage image, ${formatReduction(c.singleStageBytes, c.multiStageBytes)}, measured on a Docker engine.` : undefined;
  return { ...base, title, description, openGraph: { title, description }, twitter: { card: 'summary_large_image', title, description } };
}

// A read-only page for people outside the team: the comparison and nothing else (no
// build logs unless the sharer included them). Everything on it works from the token alone.
export default async function SharedAnalysisPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const analysis = await getSharedAnalysisOrThrow(token).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const initial = toSharedAnalysisJson(analysis, originFromHeaders(await headers()));
  return (
    <main className="mx-auto max-w-6xl px-6 py-8">
      <p className="mb-4 text-sm text-slate-500">A Shipshape comparison, shared read-only.</p>
      <AnalysisView initial={initial} pollUrl={`/api/share/${token}`} shareToken={token} />
    </main>
  );
}
