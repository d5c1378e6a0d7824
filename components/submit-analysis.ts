import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { callApi } from '@/components/api-client';

/** Posts a submission (JSON or a form with an archive) to the API. */
export async function submitAnalysis(body: object | FormData): Promise<{ id: string } | { error: string }> {
  const result = await callApi<{ id: string }>('/api/analyses', { method: 'POST', ...(body instanceof FormData ? { body } : { json: body }) });
  return result.ok ? { id: result.data.id } : { error: result.message };
}

/** Submits, then opens the new analysis's page; `error` is the API's message when it refused. */
export function useSubmitAnalysis() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(body: object | FormData) {
    setBusy(true);
    setError(null);
    const result = await submitAnalysis(body);
    if ('id' in result) router.push(`/analyses/${result.id}`);
    else {
      setError(result.error);
      setBusy(false);
    }
  }
  return { busy, error, submit };
}
