import { readCappedText } from '@/lib/api/read-body';
import { BadRequestError } from '@/lib/errors';

/** The request's JSON body (at most JSON_BODY_LIMIT, else 413); an empty body is {}. */
export async function readJson(request: Request, invalid = 'The body must be JSON.'): Promise<unknown> {
  const text = await readCappedText(request);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError(invalid, 'invalid_json');
  }
}
