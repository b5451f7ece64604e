/**
 * Human messages of the server's error codes any auth form can meet (`auth.error.<CODE>`): sign-in, links, limits,
 * refusals. Every form that shows errors has them; account and password-rule codes are in their own groups so the
 * sign-in page does not carry them.
 */
export const authErrorMessages = {
  'auth.error.AUTH_INVALID_CREDENTIALS': 'The email or password is incorrect.',
  'auth.error.AUTH_EMAIL_NOT_VERIFIED': 'Please verify your email address first. Check your inbox for the link.',
  'auth.error.AUTH_TOKEN_EXPIRED': 'This link has expired. Please request a new one.',
  'auth.error.AUTH_TOKEN_INVALID': 'This link is not valid. It may have been used already.',
  'auth.error.RATE_LIMITED': 'Too many attempts. Please wait a moment and try again.',
  'auth.error.VALIDATION_FAILED': 'Some fields need your attention.',
  'auth.error.AUTH_USER_BANNED': 'This account has been suspended. Contact support if you think this is a mistake.',
  'auth.error.AUTH_ACCOUNT_UNAVAILABLE': 'This account cannot be used. Contact support if you think this is a mistake.',
  'auth.error.UNAUTHENTICATED': 'Please sign in to continue.',
  'auth.error.AUTH_UNAUTHENTICATED': 'Please sign in to continue.',
  'auth.error.AUTH_SESSION_EXPIRED': 'Your session has expired. Please sign in again.',
  'auth.error.CSRF_FAILED':
    'This request was refused because it came from another site. Reload the page and try again.',
  'auth.error.PAYLOAD_TOO_LARGE': 'What you sent is too large.',
  'auth.error.SERVICE_UNAVAILABLE': 'The service is briefly unavailable. Please try again in a moment.',
  'auth.error.UNKNOWN': 'Something went wrong. Please try again.',
} as const;
