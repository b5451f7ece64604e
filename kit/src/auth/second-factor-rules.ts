// Pure decisions of the second-factor gate (`second-factor-gate.ts`): no better-auth, no I/O.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { safeRedirect } from '../security/sanitize.ts';

/** better-auth's two-factor cookie names (`plugins/two-factor/constant`, not exported by better-auth). */
export const TWO_FACTOR_COOKIE_NAME = 'two_factor';
export const TRUST_DEVICE_COOKIE_NAME = 'trust_device';
/** Prefix of the verification rows that back "trust this device" cookies (row value = the user id). */
export const TRUST_DEVICE_PREFIX = 'trust-device-';
/** better-auth's defaults: trusted devices 30 days, a pending challenge 10 minutes. */
export const DEFAULT_TRUST_DEVICE_MAX_AGE = 30 * 24 * 60 * 60;
export const DEFAULT_TWO_FACTOR_COOKIE_MAX_AGE = 10 * 60;
/** The demo's (and the SvelteKit glue's) two-factor page. */
export const DEFAULT_TWO_FACTOR_PAGE = '/login/two-factor';

/** Endpoints that ARE the second factor: the sessions they create have passed it. */
export const SECOND_FACTOR_PATHS: ReadonlySet<string> = new Set([
  '/two-factor/verify-totp',
  '/two-factor/verify-backup-code',
  '/two-factor/verify-otp',
]);

/** Endpoints after whose success a user's trusted devices are forgotten (the user is named by the request). */
export const PASSWORD_CHANGE_PATHS: ReadonlySet<string> = new Set([
  '/reset-password',
  '/change-password',
  '/admin/set-user-password',
]);

export interface CreatedSession {
  token: string;
  userId: string;
  impersonatedBy?: string | null;
}

export type GateVerdict =
  /** The endpoint is a second-factor check. */
  | 'second-factor'
  /** A re-creation of a session the same user already holds in this request (rotation, 2FA toggle…). */
  | 'same-user'
  /** An admin's impersonation session; the admin's own session passed the gate when it was created. */
  | 'impersonation'
  /** Depends on the user: a second factor on the account, and no trusted device → challenge. */
  | 'check-user';

/**
 * What the gate does with a session created during a request, before looking at the user.
 * `requestUserId` is the user of the session the request was authenticated with (if any).
 */
export function gateVerdict(input: {
  path: string;
  requestUserId?: string | undefined;
  session: CreatedSession;
}): GateVerdict {
  if (SECOND_FACTOR_PATHS.has(input.path)) return 'second-factor';
  if (input.requestUserId !== undefined && input.requestUserId === input.session.userId) return 'same-user';
  const by = input.session.impersonatedBy;
  if (by && input.requestUserId !== undefined && by === input.requestUserId) return 'impersonation';
  return 'check-user';
}

/** better-auth's trust-device token: HMAC-SHA-256 (base64url, no padding) of `<userId>!<identifier>`. */
export function trustDeviceToken(secret: string, userId: string, identifier: string): string {
  return createHmac('sha256', secret).update(`${userId}!${identifier}`).digest('base64url');
}

/**
 * The verification identifier a signed trust-device cookie value (`<token>!<identifier>`) names, when its token is
 * the one of this user; undefined otherwise. The row itself (value = user id, not expired) is checked by the caller.
 */
export function trustedIdentifier(secret: string, userId: string, value: string | null | false): string | undefined {
  if (!value) return undefined;
  const [token, identifier, ...rest] = value.split('!');
  if (!token || !identifier || rest.length > 0) return undefined;
  const expected = Buffer.from(trustDeviceToken(secret, userId, identifier));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given) ? identifier : undefined;
}

/**
 * Where a link meant to land, as a same-origin relative path: the redirect's `location` resolved against the auth
 * base URL; another origin, or anything `safeRedirect` refuses, is `/`.
 */
export function continuationPath(location: string | null | undefined, baseURL: string): string {
  if (!location) return '/';
  let url: URL;
  let base: URL;
  try {
    base = new URL(baseURL);
    url = new URL(location, base);
  } catch {
    return '/';
  }
  if (url.origin !== base.origin) return '/';
  return safeRedirect(`${url.pathname}${url.search}${url.hash}`);
}

/** The two-factor page with the continuation as `redirectTo` (the parameter the page and `verifyTwoFactor` read). */
export function twoFactorPageLocation(page: string, continuation: string): string {
  return `${page}${page.includes('?') ? '&' : '?'}redirectTo=${encodeURIComponent(continuation)}`;
}

/** The two-factor page option: a same-origin absolute path (`/…`, not `//…`). */
export function checkTwoFactorPage(page: string): string {
  if (safeRedirect(page, { fallback: '' }) !== page)
    throw new Error(`auth: twoFactorPage must be a same-origin path such as '/login/two-factor' (got '${page}')`);
  return page;
}

/** A redirect answer (a link: magic link, verification link, OAuth callback) rather than JSON. */
export function isRedirectStatus(status: number | undefined): boolean {
  return status !== undefined && status >= 300 && status < 400;
}
