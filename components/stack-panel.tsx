import type { AnalysisJson } from '@/lib/analyses/analysis-json';

/** What detection found and why each choice was made. */
export function StackPanel({ analysis }: { analysis: AnalysisJson }) {
  const { stack, notes, dockerignore } = analysis;
  if (!stack) return null;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="stack">
      <h2 className="mb-2 font-semibold">What Shipshape found</h2>
      <p className="mb-2 text-slate-600">
        {stack.language} · built with {stack.buildTool} · entry point <code className="font-mono">{stack.entryPoint}</code>
      </p>
      <ul className="list-disc space-y-1 pl-5">
        {stack.reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      {stack.finalBase ? (
        <p className="mt-3" data-testid="final-base">
          <strong>Final stage: </strong>
          <code className="font-mono">{stack.finalBase.image}</code>. {stack.finalBase.reason}
        </p>
      ) : null}
      {notes.map((n) => (
        <p key={n.topic} className="mt-3 rounded bg-amber-50 p-2 text-amber-900" data-testid="note">
          <strong>{n.topic}: </strong>
          {n.message}
        </p>
      ))}
      {dockerignore ? (
        <details className="mt-3">
          <summary className="cursor-pointer">The repository has no .dockerignore: the generated builds used this one</summary>
          <pre className="mt-1 rounded bg-slate-100 p-2 text-xs">{dockerignore}</pre>
        </details>
      ) : null}
    </section>
  );
}
