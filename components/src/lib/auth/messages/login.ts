/**
 * The sign-in form.
 */
export const loginMessages = {
  'auth.login.title': 'Sign in',
  'auth.login.description': 'Welcome back. Sign in to your account.',
  'auth.login.remember': 'Keep me signed in',
  'auth.login.submit': 'Sign in',
  'auth.login.forgot': 'Forgot your password?',
  'auth.login.noAccount': 'No account yet?',
  'auth.login.signup': 'Create one',
  'auth.login.resend': 'Send the verification email again',
  'auth.login.afterReset': 'Your password was changed. Sign in with the new one.',
  'auth.login.sessionEnded': 'Your session has ended (signed out on another device?). Sign in again.',
} as const;
