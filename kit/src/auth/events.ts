/**
 * Events of the auth domain, merged into `SDKEvents` (core/event-map.ts). Payloads carry ids, email, IP and user
 * agent — never passwords nor session tokens. The `*_requested` events carry the one-time verification/reset/
 * magic-link `token` and `url`, because the email domain has to mail them: the audit domain MUST mask `token` and
 * `url` of these events before storing them (they are bearer secrets until used or expired).
 */

/** Where a request came from, when known. */
export interface RequestOrigin {
  ip?: string;
  userAgent?: string;
}

export interface AuthEvents {
  'user.created': { userId: string; email: string; name: string; emailVerified: boolean } & RequestOrigin;
  /** Mail `url` to `email`. `token`/`url` are secrets: audit masks them. */
  'user.verification_requested': { userId: string; email: string; url: string; token: string; expiresAt: string };
  'user.verified': { userId: string; email: string };
  /** Mail `url` to `email`. `token`/`url` are secrets: audit masks them. */
  'user.password_reset_requested': { userId: string; email: string; url: string; token: string; expiresAt: string };
  'user.password_changed': {
    userId: string;
    email: string;
    via: 'change' | 'reset' | 'admin';
    sessionsRevoked: boolean;
  };
  /**
   * The user asked to move to `newEmail`; better-auth mails a verification to the new address through
   * `user.verification_requested`-like flow: `url` confirms the change. Secret: audit masks it.
   */
  'user.email_change_requested': { userId: string; email: string; newEmail: string; url: string; token: string };
  'user.email_changed': { userId: string; oldEmail: string; newEmail: string };
  /** A magic sign-in link for `email` (only when the magicLink option is on). Secret: audit masks it. */
  'user.magic_link_requested': { email: string; url: string; token: string };
  'user.deleted': { userId: string; email: string; by: 'self' | 'admin'; anonymiseAfter: string };
  'user.restored': { userId: string; email: string };
  'user.anonymised': { userId: string };
  'user.banned': { userId: string; email: string; reason?: string; expiresAt?: string; by?: string };
  'user.unbanned': { userId: string; email: string; by?: string };
  'user.role_changed': { userId: string; email: string; role: string; by?: string };
  'user.impersonated': { userId: string; by: string };
  'user.updated': { userId: string; fields: string[] };
  'user.two_factor_enabled': { userId: string };
  'user.two_factor_disabled': { userId: string };
  'user.account_linked': { userId: string; providerId: string };
  'user.account_unlinked': { userId: string; providerId: string };
  /** A sign-up for an address that already has an account: tell the owner (the response said nothing). */
  'user.existing_signup': { userId: string; email: string } & RequestOrigin;
  'user.signin_failed': {
    email: string;
    reason: 'invalid_credentials' | 'not_verified' | 'banned' | 'deleted' | 'two_factor';
  } & RequestOrigin;
  'user.locked': { email: string; failures: number; lockedSeconds: number } & RequestOrigin;
  /** A wrong current password behind a session (change password, 2FA set-up, deletion); counts with sign-in failures. */
  'user.password_check_failed': { userId: string; email: string; path: string; failures: number } & RequestOrigin;
  'session.created': { sessionId: string; userId: string; impersonatedBy?: string } & RequestOrigin;
  'session.revoked': { sessionId: string; userId: string };
}
