/**
 * English defaults of every auth screen string, including the human messages of the server's
 * error codes (`auth.error.<CODE>`). Override any key through the package's message function.
 */
export const authMessages = {
  // error codes from the server (SdkError.code)
  'auth.error.AUTH_INVALID_CREDENTIALS': 'The email or password is incorrect.',
  'auth.error.AUTH_EMAIL_NOT_VERIFIED': 'Please verify your email address first. Check your inbox for the link.',
  'auth.error.AUTH_TOKEN_EXPIRED': 'This link has expired. Please request a new one.',
  'auth.error.AUTH_TOKEN_INVALID': 'This link is not valid. It may have been used already.',
  'auth.error.RATE_LIMITED': 'Too many attempts. Please wait a moment and try again.',
  'auth.error.VALIDATION_FAILED': 'Some fields need your attention.',
  'auth.error.AUTH_USER_BANNED': 'This account has been suspended. Contact support if you think this is a mistake.',
  'auth.error.AUTH_PASSWORD_TOO_WEAK': 'Too easy to guess: add a few more unrelated words.',
  'auth.error.AUTH_PASSWORD_BREACHED':
    'Too common: this password, or a close variant, is on the lists of leaked and well-known passwords. Choose another.',
  'auth.error.AUTH_PASSWORDS_DO_NOT_MATCH': 'The passwords do not match.',
  'auth.error.AUTH_TWO_FACTOR_INVALID': 'The code is not valid. Check your authenticator app and try again.',
  'auth.error.AUTH_SESSION_EXPIRED': 'Your session has expired. Please sign in again.',
  'auth.error.PERMISSION_DENIED': 'You do not have permission to do this.',
  'auth.error.AUTH_PASSWORD_POLICY': 'This password does not meet the password rules:',
  // password rules (`details.problems` of AUTH_PASSWORD_POLICY): each names the rule first
  'auth.error.PASSWORD_TOO_SHORT': 'Too short: use at least {minLength} characters.',
  'auth.error.PASSWORD_TOO_LONG': 'Too long: use at most {maxLength} characters.',
  'auth.error.PASSWORD_TOO_WEAK': 'Too easy to guess: add a few more unrelated words.',
  'auth.error.PASSWORD_BREACHED':
    'Too common: this password, or a close variant, is on the lists of leaked and well-known passwords. Choose another.',
  'auth.error.PASSWORD_CONTAINS_PERSONAL_INFO':
    'Contains your name or email address: leave them out, they are the first things an attacker tries.',
  'auth.error.AUTH_ACCOUNT_UNAVAILABLE': 'This account cannot be used. Contact support if you think this is a mistake.',
  'auth.error.UNAUTHENTICATED': 'Please sign in to continue.',
  'auth.error.AUTH_UNAUTHENTICATED': 'Please sign in to continue.',
  'auth.error.AUTH_SESSION_NOT_FRESH': 'For your security, please sign in again to do this.',
  'auth.error.AUTH_LAST_SIGN_IN_METHOD': 'This is your only way to sign in. Add another one first.',
  'auth.error.AUTH_EMAIL_IN_USE': 'This email address cannot be used.',
  'auth.error.AUTH_EMAIL_CHANGE_CONFLICT':
    'This email address now belongs to another account, so your email address was not changed.',
  'auth.error.CSRF_FAILED':
    'This request was refused because it came from another site. Reload the page and try again.',
  'auth.error.PAYLOAD_TOO_LARGE': 'What you sent is too large.',
  'auth.error.UNKNOWN': 'Something went wrong. Please try again.',

  // shared
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

  // login
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

  // signup
  'auth.signup.title': 'Create an account',
  'auth.signup.description': 'It only takes a minute.',
  'auth.signup.submit': 'Create account',
  'auth.signup.haveAccount': 'Already have an account?',
  'auth.signup.login': 'Sign in',
  'auth.signup.terms': 'I accept the terms of service',

  // verify email
  'auth.verify.title': 'Check your email',
  'auth.verify.pending': 'We sent a verification link to {email}. Open it to activate your account.',
  'auth.verify.pendingNoEmail': 'We sent you a verification link. Open it to activate your account.',
  'auth.verify.verified': 'Your email address is verified. You can now sign in.',
  'auth.verify.resend': 'Send the link again',
  'auth.verify.resent': 'A new link is on its way.',
  'auth.verify.continue': 'Continue',

  // reset password
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

  // profile
  'auth.profile.title': 'Profile',
  'auth.profile.description': 'Your name and email address.',
  'auth.profile.submit': 'Save changes',
  'auth.profile.saved': 'Your profile has been saved.',
  'auth.profile.emailChangeHint': 'Changing your email sends a verification link to the new address.',
  'auth.profile.unverified': 'Not verified',
  'auth.profile.verified': 'Verified',

  // sessions
  'auth.sessions.title': 'Active sessions',
  'auth.sessions.description': 'Devices signed in to your account.',
  'auth.sessions.device': 'Device',
  'auth.sessions.location': 'IP address',
  'auth.sessions.lastActive': 'Last active',
  'auth.sessions.actions': 'Actions',
  'auth.sessions.current': 'This device',
  'auth.sessions.revoke': 'Sign out',
  'auth.sessions.revokeLabel': 'Sign out {device}',
  'auth.sessions.revokeOthers': 'Sign out all other sessions',
  'auth.sessions.empty': 'No other active sessions.',
  'auth.sessions.unknownDevice': 'Unknown device',

  // two-factor
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

export type AuthMessageKey = keyof typeof authMessages;
