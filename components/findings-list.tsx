import type { Finding } from '@/lib/findings/find-issues';
import { formatBytes } from '@/lib/format';

/** What is wrong, where, what it costs, how to fix it. */
/** A link that opens the file browser on the finding's folder, at its layer (`kind`: the image; none on share pages). */
function filesLink(kind: string, finding: Finding): string | null {
  const path = finding.where.path;
  if (!path || path === '/') return null;
  const folder = path.slice(0, path.lastIndexOf('/')) || '/';
  return `?${new URLSearchParams({ variant: kind, layer: String(finding.where.layer ?? 0), path: folder })}#files`;
}

export function FindingsList({ findings, kind }: { findings: Finding[]; kind?: string }) {
  if (!findings.length) return <p className="text-sm text-emerald-700">No size mistakes found.</p>;
  return (
    <ul className="space-y-2" data-testid="findings">
      {findings.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a finding may name the same rule twice; the list never reorders
        <li key={`${f.id}-${i}`} className="rounded border border-amber-200 bg-amber-50 p-2 text-sm" data-finding={f.id}>
          <p className="font-medium text-amber-900">
            {f.title}
            {f.bytes !== null ? <span className="ml-2 font-semibold">{formatBytes(f.bytes)}</span> : null}
          </p>
          <p className="text-xs text-amber-800">
            {[f.where.line ? `Dockerfile line ${f.where.line}` : null, f.where.layer !== undefined ? `layer ${f.where.layer}` : null, f.where.path ?? null]
              .filter(Boolean)
              .join(' · ')}
            {kind && filesLink(kind, f) ? (
              <>
                {' · '}
                <a className="text-brand underline" href={filesLink(kind, f)!} data-testid="finding-files-link">
                  show in files
                </a>
              </>
            ) : null}
          </p>
          <p className="mt-1 text-xs text-slate-700">{f.detail}</p>
          <p className="mt-1 text-xs">
            <strong>Fix: </strong>
            {f.fix}
          </p>
        </li>
      ))}
    </ul>
  );
}
