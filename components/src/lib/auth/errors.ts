import type { MessageParams } from '../i18n/index.js';
import type { AuthFormState } from './types.js';

/**
 * A form's message function: each form knows the error groups it can meet (`./messages/*`), and a code it has no
 * message for comes back as its key. Method syntax so a function over fewer keys is accepted.
 */
export type Translate = { lookup(key: string, params?: MessageParams): string }['lookup'];

/** The message of `key` in `m`, or undefined when `m` has none (it answers the key itself). */
export function known(m: Translate, key: string, params?: MessageParams): string | undefined {
  const text = m(key, params);
  return text === key ? undefined : text;
}

const isCode = (value: string) => /^[A-Z][A-Z0-9_]+$/.test(value);

/**
 * Human message for a server error code, through the message function; unknown codes fall back
 * to the server's message, then to a generic message.
 *
 * @example
 * ```ts
 * errorText(m, 'RATE_LIMITED'); // 'Too many attempts. Please wait a moment and try again.'
 * ```
 */
export function errorText(m: Translate, code: string, fallback?: string): string {
  return known(m, `auth.error.${code}`) ?? fallback ?? m('auth.error.UNKNOWN');
}

/**
 * Whether an error is one the person can act on (a wrong password, a rule, a rate limit): those are worded by their
 * code and carry no request id. Anything else is unexpected, and its request id is what support needs.
 */
export function isExpectedError(m: Translate, error: AuthFormState['error']): boolean {
  return !!error && error.code !== 'UNKNOWN' && known(m, `auth.error.${error.code}`) !== undefined;
}

/** Field errors of a form state as display messages (codes are translated, texts kept). */
export function fieldErrorsOf(m: Translate, state: AuthFormState | null | undefined): Record<string, string> {
  const raw = { ...(state?.error?.details?.fieldErrors ?? {}), ...(state?.fieldErrors ?? {}) };
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(raw)) {
    const list = (Array.isArray(value) ? value : [value]).filter((v): v is string => !!v);
    if (list.length) out[field] = list.map((v) => (isCode(v) ? errorText(m, v, v) : v)).join(' ');
  }
  return out;
}
