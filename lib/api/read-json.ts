import { BadRequestError } from '@/lib/errors';

/** The request's JSON body; an empty body is {}. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError('The body must be JSON.', 'invalid_json');
  }
}
