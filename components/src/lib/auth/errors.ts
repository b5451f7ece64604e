import type { MessageFunction } from '../i18n/index.js';
import { authMessages, type AuthMessageKey } from './messages.js';
import type { AuthFormState } from './types.js';

type Translate = MessageFunction<AuthMessageKey>;

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
  const key = `auth.error.${code}` as AuthMessageKey;
  if (key in authMessages) return m(key);
  return fallback ?? m('auth.error.UNKNOWN');
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
