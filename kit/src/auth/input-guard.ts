import { sdkError } from '../core/errors.ts';
import { toApiError } from './error-codes.ts';

/** RFC 5321: a forward path is at most 256 octets with its angle brackets, so an address at most 254. */
export const MAX_EMAIL_LENGTH = 254;
/** Longest string any auth input may be anywhere (a provider's ID token is the longest legitimate one). */
export const MAX_INPUT_STRING = 8192;
/** Deepest nesting of objects and arrays in a body or query (better-auth's inputs are at most two levels deep). */
export const MAX_INPUT_DEPTH = 8;

/** Tighter caps for top-level fields of a body, query or path (ours: tokens are far shorter; names a line). */
const FIELD_LIMITS: Record<string, number> = {
  token: 2048,
  name: 256,
  password: 1024,
  newPassword: 1024,
  currentPassword: 1024,
};
/** Opaque secrets: any character but NUL (a user's own password is checked by the policy, never stored). */
const PASSWORD_FIELDS = new Set(['password', 'newPassword', 'currentPassword']);
/** One-line fields: no line breaks or tabs either (they end up in headers, URLs, emails, lookups). */
const SINGLE_LINE_FIELDS = new Set([
  'token',
  'code',
  'name',
  'email',
  'newEmail',
  'userId',
  'sessionId',
  'providerId',
  'accountId',
  'callbackURL',
  'newUserCallbackURL',
  'errorCallbackURL',
  'redirectTo',
]);

// eslint-disable-next-line no-control-regex -- the point: control characters
const NUL = /\u0000/;
// eslint-disable-next-line no-control-regex -- C0 controls except tab and line breaks, DEL, C1 controls
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK_OR_TAB = /[\t\n\r\u2028\u2029]/;
// A UTF-16 surrogate without its pair: not text (drivers would store U+FFFD instead).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string is refused, or undefined. `field` is the top-level field name (undefined deeper down). */
export function inputProblem(value: string, field?: string): string | undefined {
  const max = (field !== undefined ? FIELD_LIMITS[field] : undefined) ?? MAX_INPUT_STRING;
  if (value.length > max) return 'TOO_LONG';
  if (NUL.test(value)) return 'NUL_CHARACTER';
  if (LONE_SURROGATE.test(value)) return 'INVALID_UNICODE';
  if (field !== undefined && PASSWORD_FIELDS.has(field)) return undefined;
  if (CONTROL.test(value)) return 'CONTROL_CHARACTER';
  if (field !== undefined && SINGLE_LINE_FIELDS.has(field) && LINE_BREAK_OR_TAB.test(value)) return 'CONTROL_CHARACTER';
  return undefined;
}

function refuse(where: string, reason: string): never {
  throw toApiError(
    sdkError('VALIDATION_FAILED', {
      message: reason === 'TOO_LONG' ? 'A field of the request is too long.' : 'A field of the request is not valid.',
      details: { field: where, reason },
    }),
  );
}

const SAFE_PATH = /^[A-Za-z0-9_.[\]-]{1,128}$/;

function walk(value: unknown, path: string, field: string | undefined, depth: number): void {
  if (typeof value === 'string') {
    const problem = inputProblem(value, field);
    if (problem) refuse(SAFE_PATH.test(path) ? path : 'input', problem);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_INPUT_DEPTH) refuse(SAFE_PATH.test(path) ? path : 'input', 'TOO_DEEP');
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${path}[${index}]`, undefined, depth + 1));
    return;
  }
  // Plain data only: a File/Blob or other instance (multipart bodies) is better-auth's to refuse.
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return;
  for (const [key, item] of Object.entries(value)) {
    const keyProblem = key.length > 128 ? 'TOO_LONG' : inputProblem(key, 'name');
    if (keyProblem) refuse(path || 'input', keyProblem);
    walk(item, path ? `${path}.${key}` : key, depth === 0 ? key : undefined, depth + 1);
  }
}

/**
 * Refuses, as `VALIDATION_FAILED` 400, a request whose body, query or path parameters carry a string no endpoint
 * should see: a NUL character (PostgreSQL cannot store one in text: that was a 500), another control character
 * (except tab and line breaks, and anything in a password), an unpaired surrogate, more than `MAX_INPUT_STRING`
 * characters (tokens, codes, names and passwords have tighter caps), or nesting deeper than `MAX_INPUT_DEPTH`.
 * Runs first in better-auth's before hooks, so it covers every endpoint (plugins' too) and `auth.api.*` calls.
 */
export function assertSafeInput(ctx: { body?: unknown; query?: unknown; params?: unknown }): void {
  for (const part of [ctx.body, ctx.query, ctx.params]) walk(part, '', undefined, 0);
}

/** The email addresses a request carries (`email`, `newEmail`, and the admin's `data.email`), for `validEmail`. */
export function emailInputs(body: unknown): unknown[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  const record = body as Record<string, unknown>;
  const data = record.data !== null && typeof record.data === 'object' ? (record.data as Record<string, unknown>) : {};
  return [record.email, record.newEmail, data.email].filter((value) => value !== undefined);
}
