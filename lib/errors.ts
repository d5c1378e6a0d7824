// One error contract. An error whose message is written for the person who sees it
// (an analysis's reason on its page, an API answer) is a UserFacingError; any other
// error is a fault, logged with its stack, and the user is told only that something
// went wrong. API errors carry a code; ERROR_STATUS is the one table from code to HTTP
// status, and the answer is always { "error": { "code", "message", "fields"? } }.

/** An error whose message is written for the person who sees it. */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Every error code the API answers with, and its HTTP status. */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  cross_site: 403,
  share_locked: 403,
  not_found: 404,
  already_set_up: 409,
  email_taken: 409,
  last_admin: 409,
  limits_unavailable: 409,
  single_user: 409,
  already_finished: 409,
  still_running: 409,
  engine_unreachable: 503,
  invite_used: 410,
  payload_too_large: 413,
  invalid_input: 422,
  invalid_archive: 422,
  invalid_form: 422,
  invalid_options: 422,
  invalid_source: 422,
  missing_archive: 422,
  upload_incomplete: 422,
  rate_limited: 429,
  too_many_streams: 429,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The body of every error answer of the API. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; fields?: Record<string, string[]> };
}

/** A user-facing error the API answers with: its code gives the status (ERROR_STATUS). */
export class AppError extends UserFacingError {
  readonly status: number;

  constructor(
    message: string,
    readonly code: ErrorCode,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(message, 'not_found');
  }
}

export class InvalidInputError extends AppError {
  constructor(message: string, code: ErrorCode = 'invalid_input') {
    super(message, code);
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, code: ErrorCode = 'bad_request') {
    super(message, code);
  }
}

/** A request body larger than allowed; the message names the limit and what sets it. */
export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(message, 'payload_too_large');
  }
}
