/**
 * The reset request and new-password forms.
 */
export const resetPasswordMessages = {
  'auth.resetRequest.title': 'Reset your password',
  'auth.resetRequest.description': 'Enter your email and we will send you a link to choose a new password.',
  'auth.resetRequest.submit': 'Send reset link',
  'auth.resetRequest.sent':
    'If an account exists for that address, a reset link is on its way. It is valid for one hour.',
  'auth.resetRequest.back': 'Back to sign in',
  'auth.reset.title': 'Choose a new password',
  'auth.reset.submit': 'Set new password',
  'auth.reset.done': 'Your password has been changed. You can now sign in.',
  'auth.reset.requestNew': 'Request a new link',
  'auth.reset.login': 'Sign in',
} as const;
