'use client';

import { useSubmitAnalysis } from '@/components/submit-analysis';

/** "Try the Go sample": one click from the dashboard to a real comparison. */
export function SubmitSampleButton({ name, label }: { name: string; label: string }) {
  const { busy, error, submit } = useSubmitAnalysis();
  return (
    <div>
      <button
        type="button"
        disabled={busy}
        className="rounded-md bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark disabled:opacity-60"
        onClick={() => void submit({ source: { type: 'sample', name } })}
      >
        {busy ? 'Starting…' : label}
      </button>
      {error ? (
        <p className="mt-2 text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
