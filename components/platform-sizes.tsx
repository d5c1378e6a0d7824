import type { PlatformSizeJson } from '@/lib/analyses/platform-sizes';
import { formatBytes } from '@/lib/format';

/** The multi-stage image per platform, side by side: "linux/amd64 5.1 MB · linux/arm64 4.7 MB". */
export function PlatformSizes({ platforms }: { platforms: PlatformSizeJson[] }) {
  if (!platforms.length) return null;
  return (
    <div className="mt-2" data-testid="platform-sizes">
      <h3 className="text-sm font-semibold">Multi-stage, per platform</h3>
      <ul className="mt-1 flex flex-wrap gap-x-6 gap-y-1 text-sm">
        {platforms.map((p) => (
          <li key={p.kind} data-testid={`platform-${p.platform}`}>
            <span className="font-mono">{p.platform}</span>{' '}
            <strong title={p.sizeBytes === null ? undefined : `${p.sizeBytes} bytes`}>{p.sizeBytes === null ? p.status : formatBytes(p.sizeBytes)}</strong>
            {p.compressedBytes !== null ? <span className="text-slate-500"> · {formatBytes(p.compressedBytes)} compressed</span> : null}
            {p.sizeSource === 'computed' ? <span className="text-slate-500"> (computed from the export)</span> : null}
            {p.native ? <span className="text-slate-400"> · the engine&apos;s own</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
