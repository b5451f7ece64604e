/**
 * The "check your email" notice.
 */
export const verifyEmailMessages = {
  'auth.verify.title': 'Check your email',
  'auth.verify.pending': 'We sent a verification link to {email}. Open it to activate your account.',
  'auth.verify.pendingNoEmail':
    'Open the verification link we sent when you signed up. No email? Enter your address and we will send a new link.',
  'auth.verify.verified': 'Your email address is verified. You can now sign in.',
  'auth.verify.resend': 'Send the link again',
  'auth.verify.resent': 'A new link is on its way.',
  'auth.verify.continue': 'Continue',
} as const;
