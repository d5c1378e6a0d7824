import type { ApiErrorBody } from '@/lib/errors';

// The pages' one way to call the API: it reads the error contract ({ "error": { "code",
// "message", "fields"? } }, lib/errors.ts) and turns a server that cannot be reached or
// answers something else into a message a person can act on.

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; code: string; message: string; fields?: Record<string, string[]> };

export interface ApiInit extends Omit<RequestInit, 'body'> {
  /** sent as JSON */
  json?: unknown;
  /** sent as it is (a form with an archive) */
  body?: FormData;
}

export async function callApi<T>(url: string, init: ApiInit = {}): Promise<ApiResult<T>> {
  const { json, body, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set('Content-Type', 'application/json');
  let response: Response;
  try {
    response = await fetch(url, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : body });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    return { ok: false, status: 0, code: 'unreachable', message: 'The server could not be reached. Check your connection and try again.' };
  }
  const text = await response.text().catch(() => '');
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: a proxy's error page, say
  }
  if (response.ok) return { ok: true, status: response.status, data: parsed as T };
  const error = (parsed as Partial<ApiErrorBody> | null)?.error;
  return {
    ok: false,
    status: response.status,
    code: error?.code ?? 'http_error',
    message: error?.message ?? `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}. Try again in a moment.`,
    ...(error?.fields ? { fields: error.fields } : {}),
  };
}
