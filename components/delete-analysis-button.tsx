'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '@/components/api-client';

/** Deletes the analysis (its images on the engine, then its numbers), after a confirmation. */
export function DeleteAnalysisButton({ analysisId, repositoryId }: { analysisId: string; repositoryId: string | null }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function remove() {
    if (!window.confirm('Delete this analysis? Its images are removed from the engine and its numbers are gone for good.')) return;
    setBusy(true);
    setError(null);
    const answer = await callApi(`/api/analyses/${analysisId}`, { method: 'DELETE' });
    if (!answer.ok) {
      setBusy(false);
      return setError(answer.message);
    }
    router.push(repositoryId ? `/repositories/${repositoryId}` : '/');
    router.refresh();
  }
  return (
    <div className="text-sm">
      <button type="button" onClick={remove} disabled={busy} className="rounded border border-red-300 px-3 py-1 text-red-700 hover:bg-red-50 disabled:opacity-60">
        Delete analysis
      </button>
      {error ? (
        <p className="mt-1 text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
