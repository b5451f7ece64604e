/**
 * The sign-up form.
 */
export const signupMessages = {
  'auth.signup.title': 'Create an account',
  'auth.signup.description': 'It only takes a minute.',
  'auth.signup.submit': 'Create account',
  'auth.signup.haveAccount': 'Already have an account?',
  'auth.signup.login': 'Sign in',
  'auth.signup.terms': 'I accept the terms of service',
} as const;
