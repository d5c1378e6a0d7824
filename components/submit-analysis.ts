import { callApi } from '@/components/api-client';

/** Posts a submission (JSON or a form with an archive) to the API. */
export async function submitAnalysis(body: object | FormData): Promise<{ id: string } | { error: string }> {
  const result = await callApi<{ id: string }>('/api/analyses', { method: 'POST', ...(body instanceof FormData ? { body } : { json: body }) });
  return result.ok ? { id: result.data.id } : { error: result.message };
}
