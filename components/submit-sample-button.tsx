'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { submitAnalysis } from '@/components/submit-analysis';

/** "Try the Go sample": one click from the dashboard to a real comparison. */
export function SubmitSampleButton({ name, label }: { name: string; label: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <button
        type="button"
        disabled={busy}
        className="rounded-md bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark disabled:opacity-60"
        onClick={async () => {
          setBusy(true);
          setError(null);
          const result = await submitAnalysis({ source: { type: 'sample', name } });
          if ('id' in result) router.push(`/analyses/${result.id}`);
          else {
            setError(result.error);
            setBusy(false);
          }
        }}
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
