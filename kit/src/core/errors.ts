/**
 * The one error shape of sv-sdk: a stable `code` for programs, an HTTP `status`, a human `message` and `details`
 * that are safe to show a client. Anything that is not an `SDKError` is an internal error and answered as a 500
 * with no internals.
 */

export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid.' },
  BAD_REQUEST: { status: 400, message: 'The request could not be understood.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNAUTHENTICATED: { status: 401, message: 'You need to sign in.' },
  AUTH_INVALID_CREDENTIALS: { status: 401, message: 'The email or password is wrong.' },
  PERMISSION_DENIED: { status: 403, message: 'You are not allowed to do this.' },
  CSRF_FAILED: { status: 403, message: 'The request did not come from this site.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests. Try again later.' },
  CONFIG_INVALID: { status: 500, message: 'The configuration is not valid.' },
  PLUGIN_DEPENDENCY: { status: 500, message: 'A plugin dependency is missing or circular.' },
  DATABASE_ERROR: { status: 500, message: 'A database error occurred.' },
  MIGRATION_FAILED: { status: 500, message: 'A database migration failed.' },
  EXTERNAL_SERVICE_ERROR: { status: 502, message: 'An external service failed.' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'The service is not available right now.' },
  SHUTTING_DOWN: { status: 503, message: 'The service is shutting down.' },
  INTERNAL_ERROR: { status: 500, message: 'Something went wrong.' },
} as const satisfies Record<string, { status: number; message: string }>;

/** A domain's error codes: code → default status and message. */
export type ErrorCodeTable = Readonly<Record<string, { readonly status: number; readonly message: string }>>;

const domainCodes = new Map<string, { status: number; message: string }>();

/**
 * Declares a domain's error codes (at module load), so code that passes errors between domains (the auth
 * handler rewriting better-auth's answers, where another domain's hook threw) keeps their code and status.
 * @example export const PERMISSION_ERROR_CODES = defineErrorCodes({ PERMISSION_UNKNOWN: { status: 400, message: '…' } });
 */
export function defineErrorCodes<T extends ErrorCodeTable>(table: T): T {
  for (const [code, entry] of Object.entries(table)) domainCodes.set(code, entry);
  return table;
}

/** The default status and message of a core or declared domain code. */
export function knownErrorCode(code: string): { status: number; message: string } | undefined {
  return (ERROR_CODES as Record<string, { status: number; message: string }>)[code] ?? domainCodes.get(code);
}

/** Error codes of the core. Domains add their own codes as plain strings in UPPER_SNAKE case. */
export type CoreErrorCode = keyof typeof ERROR_CODES;
export type ErrorCode = CoreErrorCode | (string & {});

export interface SDKErrorOptions {
  status?: number;
  message?: string;
  /** Safe to send to clients: never put secrets, SQL or stack traces here. */
  details?: Record<string, unknown>;
  cause?: unknown;
  /** Extra response headers, e.g. `Retry-After` for rate limits. */
  headers?: Record<string, string>;
}

export class SDKError extends Error {
  override readonly name = 'SDKError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, options: SDKErrorOptions = {}) {
    const known = (ERROR_CODES as Record<string, { status: number; message: string }>)[code];
    super(options.message ?? known?.message ?? code, { cause: options.cause });
    this.code = code;
    this.status = options.status ?? known?.status ?? 500;
    this.details = options.details;
    this.headers = options.headers;
  }
}

/**
 * Creates an `SDKError`.
 * @example throw sdkError('PERMISSION_DENIED', { details: { permission: 'user:ban' } })
 */
export function sdkError(code: ErrorCode, options?: SDKErrorOptions): SDKError {
  return new SDKError(code, options);
}

/** True when `value` is an `SDKError`, optionally with the given code. */
export function isSDKError(value: unknown, code?: ErrorCode): value is SDKError {
  return value instanceof SDKError && (code === undefined || value.code === code);
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown>; requestId?: string };
}

/** The HTTP status for any thrown value: an `SDKError`'s own, otherwise 500. */
export function statusOf(error: unknown): number {
  return isSDKError(error) ? error.status : 500;
}

/** The JSON body for any thrown value. Unknown errors become `INTERNAL_ERROR` with no internals. */
export function toErrorBody(error: unknown, requestId?: string): ErrorBody {
  const known = isSDKError(error) ? error : sdkError('INTERNAL_ERROR');
  const body: ErrorBody = { error: { code: known.code, message: known.message } };
  if (known.details !== undefined) body.error.details = known.details;
  if (requestId !== undefined) body.error.requestId = requestId;
  return body;
}

/**
 * Turns any thrown value into a JSON `Response` of the shape `{ error: { code, message, details?, requestId } }`.
 * Log unknown errors before calling this: the response says nothing about them.
 */
export function toHttpResponse(error: unknown, requestId?: string): Response {
  const headers = new Headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  if (isSDKError(error) && error.headers) {
    for (const [name, value] of Object.entries(error.headers)) headers.set(name, value);
  }
  return new Response(JSON.stringify(toErrorBody(error, requestId)), { status: statusOf(error), headers });
}

/** Seconds a client is asked to wait before retrying while the database is away. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The answer while the database cannot be reached: 503 `SERVICE_UNAVAILABLE` with `Retry-After`, never a 401 that
 * would make a client sign its user out, and nothing of the failure's internals.
 */
export function databaseUnavailableError(): SDKError {
  return sdkError('SERVICE_UNAVAILABLE', {
    message: 'The service is temporarily unavailable. Please try again in a moment.',
    headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    details: { retryAfterSeconds: RETRY_AFTER_SECONDS },
  });
}
