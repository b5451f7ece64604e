import type { MessageParams } from '../i18n/index.js';
import type { AuthFormState } from './types.js';

/**
 * A form's message function: each form knows the error groups it can meet (`./messages/*`), and a code it has no
 * message for comes back as its key. Method syntax so a function over fewer keys is accepted.
 */
type Translate = { lookup(key: string, params?: MessageParams): string }['lookup'];

/** The message of `key` in `m`, or undefined when `m` has none (it answers the key itself). */
function known(m: Translate, key: string, params?: MessageParams): string | undefined {
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
    const text = known(m, `auth.error.${problem.code}`, problem.params);
    // A placeholder the server sent no value for: its own message says it better.
    if (text && !/\{\w+\}/.test(text)) return text;
    return problem.message ?? text ?? m('auth.error.UNKNOWN');
  });
}

/**
 * The rules a refused new password broke, for its field (the form's alert then only says that the password was
 * refused): empty unless the answer is AUTH_PASSWORD_POLICY.
 */
export function passwordProblemsOf(m: Translate, state: AuthFormState | null | undefined): string[] {
  return state?.error?.code === 'AUTH_PASSWORD_POLICY' ? problemTexts(m, state.error) : [];
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
