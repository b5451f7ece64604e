/**
 * The profile form.
 */
export const profileMessages = {
  'auth.profile.title': 'Personal details',
  'auth.profile.description': 'Your name and email address.',
  'auth.profile.submit': 'Save changes',
  'auth.profile.saved': 'Your profile has been saved.',
  'auth.profile.emailChangeHint': 'Changing your email sends a verification link to the new address.',
  'auth.profile.unverified': 'Not verified',
  'auth.profile.verified': 'Verified',
} as const;
