import type { SDK } from '../core/sdk.ts';
import type { CheckContext, ResourceObject } from '../permissions/conditions.ts';
import type { Policy } from '../permissions/policy.ts';

/** The signed-in user as the handle puts it on `event.locals.user`. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  image?: string | null;
  role?: string | null;
  /** Two-factor authentication is on for this account. */
  twoFactorEnabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** The session of the request as the handle puts it on `event.locals.session` (never the raw token). */
export interface RequestSession {
  id: string;
  userId: string;
  expiresAt: Date;
  createdAt: Date;
  ipAddress?: string | null;
  userAgent?: string | null;
  impersonatedBy?: string | null;
}

/**
 * What sv-sdk's handle adds to `event.locals`. Declare it in the app's `src/app.d.ts`:
 * @example
 * import type { SvSdkLocals } from '@sv-sdk/kit/sveltekit';
 * declare global { namespace App { interface Locals extends SvSdkLocals {} } }
 */
export interface SvSdkLocals {
  sdk: SDK;
  /** The signed-in user, or null. */
  user: SessionUser | null;
  session: RequestSession | null;
  /** The request id, also sent back as `x-request-id` and written on every log line. */
  requestId: string;
  /** The client IP (X-Forwarded-For honoured only from TRUSTED_PROXIES), used for rate limits and sessions. */
  clientIp: string;
  /**
   * The request carried a session cookie that is no longer a session (signed out elsewhere, revoked, expired): the
   * guards send the person to sign in with `reason=session-ended`, so the page can say why.
   */
  sessionEnded: boolean;
  /**
   * The request carried a session cookie that could not be checked: the database is unreachable and the session is
   * not in the cache. The guards answer 503 `SERVICE_UNAVAILABLE` (with `Retry-After`) instead of treating the
   * person as signed out.
   */
  sessionUnavailable: boolean;
  /**
   * Whether the signed-in user may do `action` on `resource` (the kind: `'post'`), on `object` when given
   * (ownership and conditions read it): `await locals.can('update', 'post', post)`. The user's compiled policy is
   * loaded once per request (from memory when warm) and each check after that costs nanoseconds. Signed out: false.
   * The request's client IP is the default context. Needs the permissions plugin (without it: false).
   */
  can(action: string, resource: string, object?: ResourceObject, context?: CheckContext): Promise<boolean>;
  /** The user's compiled policy (signed out: one that allows nothing), for many synchronous checks. */
  policy(): Promise<Policy>;
}

/** `event.locals` seen through sv-sdk's type, whatever the app declared (`App.Locals` is the app's). */
export function svSdkLocals(locals: object): SvSdkLocals {
  return locals as SvSdkLocals;
}
