import { APIError } from 'better-auth/api';
import { ERROR_CODES, isSDKError, knownErrorCode, sdkError, SDKError, type SDKErrorOptions } from '../core/errors.ts';
import { SECURITY_ERROR_CODES } from '../security/error-codes.ts';

/**
 * Stable error codes of the auth domain (the core's AUTH_INVALID_CREDENTIALS, VALIDATION_FAILED, RATE_LIMITED,
 * UNAUTHENTICATED, PAYLOAD_TOO_LARGE… are used as they are).
 */
export const AUTH_ERROR_CODES = {
  AUTH_EMAIL_NOT_VERIFIED: { status: 403, message: 'Verify your email address before signing in.' },
  AUTH_TOKEN_INVALID: { status: 400, message: 'The link or code is not valid.' },
  AUTH_TOKEN_EXPIRED: { status: 400, message: 'The link or code has expired.' },
  AUTH_USER_BANNED: { status: 403, message: 'This account is suspended.' },
  AUTH_ACCOUNT_UNAVAILABLE: { status: 403, message: 'This account cannot be used (suspended or deleted).' },
  AUTH_PASSWORD_POLICY: { status: 400, message: 'The password does not meet the password policy.' },
  AUTH_TWO_FACTOR_INVALID: { status: 401, message: 'The code is not valid.' },
  AUTH_SESSION_NOT_FRESH: { status: 403, message: 'Sign in again to do this.' },
  AUTH_LAST_SIGN_IN_METHOD: { status: 400, message: 'This is your only way to sign in: add another one first.' },
  AUTH_EMAIL_IN_USE: { status: 409, message: 'This email address cannot be used.' },
  AUTH_EMAIL_CHANGE_CONFLICT: {
    status: 409,
    message: 'This email address now belongs to another account: the change was not made.',
  },
  AUTH_NOT_ALLOWED: { status: 403, message: 'You are not allowed to do this.' },
  AUTH_SESSION_ENDED: { status: 401, message: 'Too many wrong passwords: you were signed out. Sign in again.' },
  AUTH_USER_NOT_FOUND: { status: 404, message: 'No such user.' },
} as const satisfies Record<Uppercase<string>, { status: number; message: string }>;

export type AuthErrorCode = keyof typeof AUTH_ERROR_CODES;

/** Creates an `SDKError` with one of the auth codes, its status and default message. */
export function authError(code: AuthErrorCode, options: SDKErrorOptions = {}): SDKError {
  const known = AUTH_ERROR_CODES[code];
  return sdkError(code, { status: known.status, message: known.message, ...options });
}

/** better-auth (and plugin) error codes → ours. Anything unlisted keeps its HTTP status and becomes BAD_REQUEST (4xx). */
const FROM_BETTER_AUTH: Record<string, string> = {
  INVALID_EMAIL_OR_PASSWORD: 'AUTH_INVALID_CREDENTIALS',
  INVALID_PASSWORD: 'AUTH_INVALID_CREDENTIALS',
  CREDENTIAL_ACCOUNT_NOT_FOUND: 'AUTH_INVALID_CREDENTIALS',
  USER_NOT_FOUND: 'AUTH_INVALID_CREDENTIALS',
  EMAIL_NOT_VERIFIED: 'AUTH_EMAIL_NOT_VERIFIED',
  INVALID_TOKEN: 'AUTH_TOKEN_INVALID',
  TOKEN_EXPIRED: 'AUTH_TOKEN_EXPIRED',
  BANNED_USER: 'AUTH_USER_BANNED',
  INVALID_EMAIL: 'VALIDATION_FAILED',
  VALIDATION_ERROR: 'VALIDATION_FAILED',
  MISSING_FIELD: 'VALIDATION_FAILED',
  BODY_MUST_BE_AN_OBJECT: 'VALIDATION_FAILED',
  FIELD_NOT_ALLOWED: 'VALIDATION_FAILED',
  PASSWORD_TOO_SHORT: 'AUTH_PASSWORD_POLICY',
  PASSWORD_TOO_LONG: 'AUTH_PASSWORD_POLICY',
  SESSION_EXPIRED: 'UNAUTHENTICATED',
  FAILED_TO_GET_SESSION: 'UNAUTHENTICATED',
  SESSION_NOT_FRESH: 'AUTH_SESSION_NOT_FRESH',
  FAILED_TO_UNLINK_LAST_ACCOUNT: 'AUTH_LAST_SIGN_IN_METHOD',
  USER_ALREADY_EXISTS: 'AUTH_EMAIL_IN_USE',
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: 'AUTH_EMAIL_IN_USE',
  INVALID_CODE: 'AUTH_TWO_FACTOR_INVALID',
  INVALID_BACKUP_CODE: 'AUTH_TWO_FACTOR_INVALID',
  OTP_HAS_EXPIRED: 'AUTH_TOKEN_EXPIRED',
  INVALID_TWO_FACTOR_COOKIE: 'AUTH_TOKEN_INVALID',
  TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: 'RATE_LIMITED',
  ACCOUNT_TEMPORARILY_LOCKED: 'RATE_LIMITED',
  INVALID_ORIGIN: 'CSRF_FAILED',
  MISSING_OR_NULL_ORIGIN: 'CSRF_FAILED',
  CROSS_SITE_NAVIGATION_LOGIN_BLOCKED: 'CSRF_FAILED',
  INVALID_CALLBACK_URL: 'VALIDATION_FAILED',
  INVALID_REDIRECT_URL: 'VALIDATION_FAILED',
  INVALID_ERROR_CALLBACK_URL: 'VALIDATION_FAILED',
  INVALID_NEW_USER_CALLBACK_URL: 'VALIDATION_FAILED',
  UNAUTHORIZED: 'UNAUTHENTICATED',
  NOT_FOUND: 'NOT_FOUND',
};

const STATUS_FALLBACK: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'BAD_REQUEST',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'BAD_REQUEST',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
};

const OWN: Record<string, { status: number; message: string }> = {
  ...ERROR_CODES,
  ...SECURITY_ERROR_CODES,
  ...AUTH_ERROR_CODES,
};
/** Our codes, and those other domains declared (`defineErrorCodes`): their errors thrown in hooks keep their code. */
const known = (code: string) => OWN[code] ?? knownErrorCode(code);

/** The error body better-auth (or our hooks) put in an APIError / JSON response. */
interface BetterAuthErrorBody {
  code?: unknown;
  message?: unknown;
  details?: unknown;
}

/**
 * Maps whatever better-auth threw or answered to our `SDKError`: its error code through one table, our own codes
 * (thrown by our hooks as `APIError`s with `code`) kept as they are, `Retry-After` kept. Unknown 5xx become
 * `INTERNAL_ERROR` (log the original first). The SvelteKit glue calls this around `auth.api.*` in form actions.
 * @example
 * try { await sdk.service('auth').api.signInEmail({ body, headers }) }
 * catch (error) { const sdkErr = toAuthError(error); return fail(sdkErr.status, toErrorBody(sdkErr)) }
 */
export function toAuthError(error: unknown): SDKError {
  if (isSDKError(error)) return error;
  if (error instanceof APIError || isApiErrorLike(error)) {
    const apiError = error as {
      statusCode: number;
      body?: BetterAuthErrorBody;
      headers?: Headers | Record<string, string>;
    };
    const headers: Record<string, string> = {};
    if (apiError.headers) {
      new Headers(apiError.headers).forEach((value, name) => {
        if (name.toLowerCase() === 'retry-after') headers['Retry-After'] = value;
      });
    }
    return fromBody(apiError.statusCode, apiError.body, headers, error);
  }
  return sdkError('INTERNAL_ERROR', { cause: error });
}

/** Same mapping for a JSON error body of a better-auth `Response` (status + parsed body). */
export function fromBody(
  status: number,
  body: BetterAuthErrorBody | undefined,
  headers: Record<string, string> = {},
  cause?: unknown,
): SDKError {
  const raw = typeof body?.code === 'string' ? body.code : undefined;
  const details =
    body?.details && typeof body.details === 'object' ? (body.details as Record<string, unknown>) : undefined;
  const options = { cause, headers: Object.keys(headers).length > 0 ? headers : undefined, details };
  const declared = raw ? known(raw) : undefined;
  if (raw && declared) return sdkError(raw, { ...options, status: declared.status, message: pickMessage(raw, body) });
  const mapped = (raw && FROM_BETTER_AUTH[raw]) ?? (status >= 500 ? 'INTERNAL_ERROR' : STATUS_FALLBACK[status]);
  if (!mapped || mapped === 'INTERNAL_ERROR') return sdkError('INTERNAL_ERROR', { cause });
  const entry = known(mapped);
  return sdkError(mapped, {
    ...options,
    status: entry?.status ?? status,
    message: entry?.message,
    details:
      details ??
      (raw && raw in BETTER_AUTH_PASSWORD_PROBLEMS
        ? { problems: [{ code: raw, message: BETTER_AUTH_PASSWORD_PROBLEMS[raw] }] }
        : mapped === 'VALIDATION_FAILED' && raw
          ? { reason: raw }
          : undefined),
  });
}

/**
 * better-auth's own length check (endpoints our policy hook does not cover, such as the admin's set-user-password)
 * answers like the policy: `details.problems` naming the rule, so forms show the reason.
 */
const BETTER_AUTH_PASSWORD_PROBLEMS: Record<string, string> = {
  PASSWORD_TOO_SHORT: 'Too short: use a longer password.',
  PASSWORD_TOO_LONG: 'Too long: use a shorter password.',
};

function pickMessage(code: string, body: BetterAuthErrorBody | undefined): string | undefined {
  // Messages of our own thrown errors carry human reasons (password policy); others use the table's text.
  if (typeof body?.message === 'string' && body.message.length > 0 && code !== 'INTERNAL_ERROR') return body.message;
  return known(code)?.message;
}

function isApiErrorLike(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'APIError' &&
    typeof (error as { statusCode?: unknown }).statusCode === 'number'
  );
}

/**
 * Our error as an `APIError` better-auth lets through to its response (status, `{ code, message, details }` body,
 * headers such as `Retry-After`): what our hooks throw, so server-side `auth.api.*` calls and HTTP answers carry
 * the same stable code.
 */
export function toApiError(error: SDKError): APIError {
  const body: Record<string, unknown> = { code: error.code, message: error.message };
  if (error.details) body.details = error.details;
  return new APIError(error.status as never, body as never, error.headers ?? {});
}
