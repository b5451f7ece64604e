/** Error codes of the signed-in account screens (profile, two-factor, sessions) and of sign-up. */
export const accountErrorMessages = {
  'auth.error.AUTH_TWO_FACTOR_INVALID': 'The code is not valid. Check your authenticator app and try again.',
  'auth.error.PERMISSION_DENIED': 'You do not have permission to do this.',
  'auth.error.AUTH_SESSION_NOT_FRESH': 'For your security, please sign in again to do this.',
  'auth.error.AUTH_LAST_SIGN_IN_METHOD': 'This is your only way to sign in. Add another one first.',
  'auth.error.AUTH_EMAIL_IN_USE': 'This email address cannot be used.',
  'auth.error.AUTH_EMAIL_CHANGE_CONFLICT':
    'This email address now belongs to another account, so your email address was not changed.',
} as const;
