/**
 * English defaults of the strings only the packaged pages use (`@sv-sdk/components/pages/*`), apart from the auth
 * forms' messages so the sign-in page does not carry the profile page's text. Override any key like the others.
 */
export const pageMessages = {
  'page.resetRequest.invalidLink': 'That reset link is invalid or has expired. Ask for a new one.',
  'page.twoFactor.submit': 'Sign in',
  'page.twoFactor.backupPrompt': 'Enter one of your backup codes.',
  'page.twoFactor.backupCode': 'Backup code',
  'page.twoFactor.trustDevice': 'Trust this device for 30 days',
  'page.twoFactor.useApp': 'Use your authenticator app instead',
  'page.twoFactor.useBackup': 'Use a backup code instead',

  // profile page
  'page.profile.title': 'Your profile',
  'page.profile.description': 'Your details, how you sign in, and where you are signed in.',
  'page.profile.passwordTitle': 'Change password',
  'page.profile.passwordChanged': 'Your password has been changed.',
  'page.profile.revokeOthers': 'Sign out my other sessions',
  'page.profile.passwordSubmit': 'Change password',
  'page.profile.deleteTitle': 'Delete account',
  'page.profile.deleteDescription': 'Your account is closed at once and erased after the grace period.',
  'page.profile.deleteConfirm': 'Confirm with your password',
  'page.profile.deleteSubmit': 'Delete my account',
} as const;
