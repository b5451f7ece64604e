import type { MessageFunction, MessageParams } from '../i18n/index.js';
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

/** One rule a refused password broke, as the server lists it in `details.problems`. */
interface Problem {
  code: string;
  message?: string;
  params?: MessageParams;
}

const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' && value !== null && typeof (value as Problem).code === 'string';

/**
 * The rules a refused input broke (`error.details.problems`, e.g. the password policy's), each as a display message
 * that names the rule: the message of its code filled with its `params`, else the server's own message.
 *
 * @example
 * ```ts
 * problemTexts(m, { code: 'AUTH_PASSWORD_POLICY', details: { problems: [{ code: 'PASSWORD_TOO_SHORT', params: { minLength: 12 } }] } });
 * // ['Too short: use at least 12 characters.']
 * ```
 */
export function problemTexts(m: Translate, error: AuthFormState['error']): string[] {
  const problems = error?.details?.problems;
  if (!Array.isArray(problems)) return [];
  return problems.filter(isProblem).map((problem) => {
    const key = `auth.error.${problem.code}` as AuthMessageKey;
    const text = key in authMessages ? m(key, problem.params) : undefined;
    // A placeholder the server sent no value for: its own message says it better.
    if (text && !/\{\w+\}/.test(text)) return text;
    return problem.message ?? text ?? m('auth.error.UNKNOWN');
  });
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
