import { ImageResponse } from 'next/og';
import { notFound } from 'next/navigation';
import { comparisonOf } from '@/lib/analyses/analysis-json';
import { platformSizesOf, platformsLine } from '@/lib/analyses/platform-sizes';
import { getSharedAnalysisOrThrow } from '@/lib/analyses/queries';
import { NotFoundError } from '@/lib/errors';
import { formatBytes, formatReduction } from '@/lib/format';

// The link preview of a share link: the comparison chart, "647 MB → 5.1 MB", and the
// multi-stage size per platform where others were built.

export const alt = 'Single-stage vs multi-stage image size';
export const size = { width: 1200, height: 630 };
export const contentType = 'image/png';

export default async function Image({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const analysis = await getSharedAnalysisOrThrow(token).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const c = comparisonOf(analysis.variants);
  const perPlatform = platformsLine(platformSizesOf(analysis.variants));
  const bars = c
    ? [
        { name: 'single-stage', bytes: c.singleStageBytes, color: '#94a3b8' },
        { name: 'multi-stage', bytes: c.multiStageBytes, color: '#0f766e' },
      ]
    : [];
  const most = Math.max(1, ...bars.map((b) => b.bytes));
  return new ImageResponse(
    <div style={{ width: '100%', height: '100%', display: 'flex', flexDirection: 'column', padding: 64, background: '#f8fafc', color: '#0f172a' }}>
      <div style={{ fontSize: 32, color: '#0f766e' }}>Shipshape</div>
      <div style={{ fontSize: 36, marginTop: 12, color: '#475569' }}>{analysis.sourceLabel}</div>
      <div style={{ fontSize: 88, fontWeight: 700, marginTop: 24 }}>{c ? `${formatBytes(c.singleStageBytes)} → ${formatBytes(c.multiStageBytes)}` : 'Image sizes on the way'}</div>
      {c ? <div style={{ fontSize: 40, color: '#0f766e', marginTop: 8 }}>{formatReduction(c.singleStageBytes, c.multiStageBytes)}</div> : null}
      {perPlatform ? <div style={{ fontSize: 32, color: '#475569', marginTop: 8 }}>{perPlatform}</div> : null}
      <div style={{ display: 'flex', flexDirection: 'column', marginTop: 40 }}>
        {bars.map((bar) => (
          <div key={bar.name} style={{ display: 'flex', alignItems: 'center', marginTop: 16 }}>
            <div style={{ width: 240, fontSize: 28, color: '#475569' }}>{bar.name}</div>
            <div style={{ width: Math.max(8, Math.round((bar.bytes / most) * 800)), height: 40, background: bar.color, borderRadius: 6 }} />
          </div>
        ))}
      </div>
    </div>,
    size,
  );
}
