import type { ApiErrorBody } from '@/lib/api/errors';

/** Posts a submission (JSON or a form with an archive) to the API. */
export async function submitAnalysis(body: object | FormData): Promise<{ id: string } | { error: string }> {
  try {
    const response = await fetch('/api/analyses', {
      method: 'POST',
      ...(body instanceof FormData ? { body } : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
    });
    const json = (await response.json()) as { id: string } | ApiErrorBody;
    if (response.ok && 'id' in json) return { id: json.id };
    return { error: 'error' in json ? json.error.message : `The server answered ${response.status}.` };
  } catch {
    return { error: 'The server could not be reached. Check your connection and try again.' };
  }
}
