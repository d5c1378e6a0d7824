import { randomBytes } from 'node:crypto';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { AppError, ERROR_STATUS, type ApiErrorBody, type ErrorCode } from '@/lib/errors';
import { originFromHeaders } from '@/lib/api/origin';
import { log } from '@/lib/log';
import { dbReady } from '@/lib/db';

export type { ApiErrorBody };

/** The error answer; its status comes from the code (ERROR_STATUS in lib/errors.ts). */
export function errorResponse(code: ErrorCode, message: string, fields?: Record<string, string[]>) {
  return NextResponse.json<ApiErrorBody>({ error: { code, message, ...(fields ? { fields } : {}) } }, { status: ERROR_STATUS[code] });
}

/**
 * The one mapping from errors to HTTP at the edge: bad input -> 422 with the field
 * errors, user-facing errors -> their code's status, anything else -> a plain 500 with a
 * reference that finds the logged error (and its stack).
 */
export function toErrorResponse(error: unknown) {
  if (error instanceof z.ZodError) {
    const fields: Record<string, string[]> = {};
    for (const issue of error.issues) {
      const field = issue.path.join('.') || '(body)';
      fields[field] = [...(fields[field] ?? []), issue.message];
    }
    const first = error.issues[0];
    const message = first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'The request is not valid.';
    return errorResponse('invalid_input', message, fields);
  }
  if (error instanceof AppError) return errorResponse(error.code, error.message);
  const reference = randomBytes(4).toString('hex');
  log.error({ err: error, reference }, 'unhandled error in an API route');
  return errorResponse(
    'internal_error',
    `Something went wrong on the server. Try again; if it happens again, give the administrator this reference: ${reference} (the server log has the details under it).`,
  );
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

export function withErrors<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      // PostgreSQL is migrated in the background: a request waits for it (at once on SQLite)
      await dbReady();
      return await handler(request, context);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/** The origin the client used, for absolute links (share URLs). */
export function originOf(request: Request): string {
  return originFromHeaders(request.headers, new URL(request.url).origin);
}
