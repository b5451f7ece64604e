/**
 * Strings every auth form shares (field labels, the pending text, the page title template).
 */
export const authCommonMessages = {
  'auth.email': 'Email',
  'auth.password': 'Password',
  'auth.name': 'Name',
  'auth.newPassword': 'New password',
  'auth.confirmPassword': 'Confirm new password',
  'auth.currentPassword': 'Current password',
  'auth.passwordHint': 'At least 12 characters. A long phrase is easiest to remember.',
  'auth.submitting': 'Please wait…',
  'auth.errorTitle': 'There is a problem',
  'auth.requestId': 'Reference: {id}',
  /** The document title of every auth page; override to add the app's name: '{title} · My app'. */
  'auth.pageTitle': '{title}',
} as const;
