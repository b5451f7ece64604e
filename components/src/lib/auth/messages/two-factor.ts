/**
 * Two-factor enrolment.
 */
export const twoFactorMessages = {
  'auth.twoFactor.title': 'Two-factor authentication',
  'auth.twoFactor.enabled': 'Two-factor authentication is on.',
  'auth.twoFactor.disabled': 'Add a second step to signing in with an authenticator app.',
  'auth.twoFactor.enable': 'Turn on',
  'auth.twoFactor.disable': 'Turn off',
  'auth.twoFactor.scan': 'Scan this QR code with your authenticator app, or enter the key by hand.',
  'auth.twoFactor.qrAlt': 'QR code for your authenticator app',
  'auth.twoFactor.secret': 'Setup key',
  'auth.twoFactor.code': 'Verification code',
  'auth.twoFactor.codeHint': 'The 6-digit code shown in your app.',
  'auth.twoFactor.verify': 'Verify and turn on',
  'auth.twoFactor.backupTitle': 'Backup codes',
  'auth.twoFactor.backupHint': 'Keep these codes somewhere safe. Each one signs you in once if you lose your device.',
  'auth.twoFactor.copy': 'Copy codes',
  'auth.twoFactor.copied': 'Copied.',
  'auth.twoFactor.passwordHint': 'Enter your password to confirm.',
  'auth.twoFactor.cancel': 'Cancel',
} as const;
