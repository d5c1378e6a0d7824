import { NextResponse } from 'next/server';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { originFromHeaders } from '@/lib/api/origin';

export interface ApiErrorBody {
  error: { code: string; message: string; fields?: Record<string, string[]> };
}

export function errorResponse(status: number, code: string, message: string, fields?: Record<string, string[]>) {
  return NextResponse.json<ApiErrorBody>({ error: { code, message, ...(fields ? { fields } : {}) } }, { status });
}

/**
 * The one mapping from errors to HTTP at the edge: bad input -> 422 with the field
 * errors, known errors -> their status, anything else -> a plain 500.
 */
export function toErrorResponse(error: unknown) {
  if (error instanceof z.ZodError) {
    const fields: Record<string, string[]> = {};
    for (const issue of error.issues) (fields[issue.path.join('.') || '(body)'] ??= []).push(issue.message);
    const first = error.issues[0];
    const message = first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'The request is not valid.';
    return errorResponse(422, 'invalid_input', message, fields);
  }
  if (error instanceof AppError) return errorResponse(error.status, error.code, error.message);
  console.error('unhandled error in an API route', error);
  return errorResponse(500, 'internal_error', 'Something went wrong on the server. Try again; if it happens again, the server log has the details.');
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

export function withErrors<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
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
