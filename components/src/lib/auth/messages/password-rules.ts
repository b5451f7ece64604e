/**
 * Messages of a refused new password (sign-up, reset, change): the policy's answer and each rule it lists in
 * `details.problems`, every one naming its rule first.
 */
export const passwordRuleMessages = {
  'auth.error.AUTH_PASSWORD_POLICY':
    'This password does not meet the password rules. See what to change under the field.',
  'auth.error.AUTH_PASSWORD_TOO_WEAK': 'Too easy to guess: add a few more unrelated words.',
  'auth.error.AUTH_PASSWORD_BREACHED':
    'Too common: this password, or a close variant, is on the lists of leaked and well-known passwords. Choose another.',
  'auth.error.AUTH_PASSWORDS_DO_NOT_MATCH': 'The passwords do not match.',
  'auth.error.PASSWORD_TOO_SHORT': 'Too short: use at least {minLength} characters.',
  'auth.error.PASSWORD_TOO_LONG': 'Too long: use at most {maxLength} characters.',
  'auth.error.PASSWORD_TOO_WEAK': 'Too easy to guess: add a few more unrelated words.',
  'auth.error.PASSWORD_BREACHED':
    'Too common: this password, or a close variant, is on the lists of leaked and well-known passwords. Choose another.',
  'auth.error.PASSWORD_CONTAINS_PERSONAL_INFO':
    'Contains your name or email address: leave them out, they are the first things an attacker tries.',
} as const;
