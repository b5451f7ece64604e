import type { MessageParams } from '../i18n/index.js';
import { known, type Translate } from './errors.js';
import type { AuthFormState } from './types.js';

// Apart from errors.ts: only the forms that set a new password (sign-up, reset, change) need these, and the sign-in
// page, which loads errors.ts, should not carry them.

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
