import type { BetterAuthPlugin } from 'better-auth';
import type { SocialProviders } from 'better-auth/social-providers';
import type { SDKError } from '../core/errors.ts';
import type { AuthApi, AuthInstance } from './create-auth.ts';

/**
 * A user as the user service returns it: plain JSON (timestamps as ISO 8601 strings), safe to cache and to send
 * to the admin panel. Never carries a password hash or a 2FA secret.
 */
export interface AuthUser {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  image: string | null;
  role: string | null;
  banned: boolean;
  banReason: string | null;
  banExpires: string | null;
  twoFactorEnabled: boolean;
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A session as `getSession` returns it (better-auth's shape, without the raw token). */
export interface AuthSessionRecord {
  id: string;
  userId: string;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
  ipAddress?: string | null;
  userAgent?: string | null;
  impersonatedBy?: string | null;
}

/** The signed-in user as `getSession` returns it (better-auth's shape, with our fields). */
export interface AuthSessionUser {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  image?: string | null;
  createdAt: Date;
  updatedAt: Date;
  role?: string | null;
  banned?: boolean | null;
  banReason?: string | null;
  banExpires?: Date | null;
  twoFactorEnabled?: boolean | null;
  deletedAt?: Date | null;
}

export interface AuthSession {
  user: AuthSessionUser;
  session: AuthSessionRecord;
}

export interface ListUsersQuery {
  /** Page size, 1–100. @default 20 */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Case-insensitive substring of the email or name. */
  search?: string;
  role?: string;
  banned?: boolean;
  verified?: boolean;
  /** `true`: only deleted (in their grace period or anonymised); `false` (default): only live accounts. */
  deleted?: boolean;
}

export interface UserPage {
  items: AuthUser[];
  /** Pass as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

/** Users, for the profile page and the admin panel. Hot reads are cached and invalidated on every change. */
export interface UserService {
  getById(id: string): Promise<AuthUser | null>;
  getByEmail(email: string): Promise<AuthUser | null>;
  /** Newest first, keyset pagination. */
  list(query?: ListUsersQuery): Promise<UserPage>;
  updateProfile(id: string, changes: { name?: string; image?: string | null }): Promise<AuthUser>;
  /** Drops the cached reads of a user another domain changed (the permissions plugin's role field). */
  invalidate(id: string, email?: string): Promise<void>;
  /**
   * Soft delete: sets `deletedAt`, revokes every session (sign-in is refused from now on), schedules the
   * anonymisation after ACCOUNT_DELETION_GRACE_DAYS and emits `user.deleted`.
   */
  softDelete(id: string, options?: { by?: 'self' | 'admin' }): Promise<AuthUser>;
  /** Undoes a soft delete within the grace period (not after anonymisation); emits `user.restored`. */
  restore(id: string): Promise<AuthUser>;
  /** Anonymises every account deleted more than the grace period ago; returns how many (the job calls this). */
  anonymiseDue(now?: Date): Promise<number>;
}

/**
 * The `auth` service (`sdk.service('auth')`, `ctx.use('auth')`): what the SvelteKit glue, the admin panel and
 * other domains call.
 */
export interface AuthService {
  /** better-auth's server API (`api.signInEmail({ body, headers })`…). Our rate limits and policies apply to it too. */
  readonly api: AuthApi;
  /** The better-auth instance (its `$context`, `$Infer`, `options`). */
  readonly instance: AuthInstance;
  /** Where the HTTP endpoints live: `/api/auth`. The glue hands every request under it to `handler`. */
  readonly basePath: string;
  /**
   * Answers a request under `basePath`: bodies over 64 KiB → 413 PAYLOAD_TOO_LARGE; every error body rewritten to
   * `{ error: { code, message, details?, requestId } }` with our stable codes (`Retry-After` kept).
   * Run it inside `runWithRequestContext({ requestId, clientIp })` so rate limits see the real client IP.
   */
  handler(request: Request): Promise<Response>;
  /**
   * The session of a request from its cookies, or null. Served from the session cache (a signature check and one
   * in-memory read on a hit); a miss reads the database once and refills the cache. A session due for its sliding
   * renewal goes through better-auth, which refreshes it; inside the SvelteKit handle its new cookie is set on the
   * response (the request context's `setCookie`).
   */
  getSession(headers: Headers): Promise<AuthSession | null>;
  /** Any error of `api.*` (better-auth's APIError, ours) → `SDKError` with our stable code. */
  toError(error: unknown): SDKError;
  users: UserService;
  /** Origins allowed to call /api/auth besides the app's own: BETTER_AUTH_URL's origin and TRUSTED_ORIGINS. */
  readonly trustedOrigins: readonly string[];
  /** Name of the session cookie (with its `__Secure-` prefix when served over https). */
  readonly sessionCookieName: string;
  /**
   * Hands the decision over better-auth's admin endpoints (`/admin/*`: ban, impersonate, set role, list users…) to
   * another domain: the permissions plugin sets it, so its roles are the one source of truth. Set once.
   */
  setAdminGate(gate: AdminGate): void;
  /**
   * A check run inside every account deletion's transaction (the user's own, an admin's, `users.softDelete`), before
   * anything is written: throw an `SDKError` to refuse. The permissions plugin keeps the last super_admin this way.
   */
  addDeletionGuard(guard: (userId: string) => Promise<void>): void;
}

/** An admin endpoint call as the gate sees it: who calls, what, on whom. */
export interface AdminRequest {
  /** better-auth's path, e.g. `/admin/ban-user`. */
  path: string;
  /** The signed-in caller (the impersonated user during an impersonation). */
  actorId: string;
  /** The admin impersonating `actorId`, when the session is an impersonation. */
  impersonatedBy?: string;
  body: Readonly<Record<string, unknown>>;
  query: Readonly<Record<string, unknown>>;
}

/**
 * Decides an admin endpoint call before better-auth runs it: throw an `SDKError` to refuse, return `{ answer }` to
 * answer instead of better-auth (a JSON body), or nothing to let better-auth run it.
 */
export type AdminGate = (request: AdminRequest) => Promise<void | { answer: Record<string, unknown> }>;

/** Options of `authPlugin` (configuration values go through env/config: BETTER_AUTH_SECRET, SESSION_MAX_AGE…). */
export interface AuthPluginOptions {
  /**
   * How often job workers look for deleted accounts past their grace period that were never anonymised (and
   * anonymise them); they also look once at start. 0 turns it off. @default 3600000 (an hour)
   */
  reconcileIntervalMs?: number;
  /**
   * OAuth providers, passed to better-auth as they are. Accounts are linked only to a verified email
   * (`trustedProviders` is empty), and unlinking the last sign-in method is refused.
   * @example
   * authPlugin({
   *   socialProviders: {
   *     github: { clientId: process.env.GITHUB_CLIENT_ID!, clientSecret: process.env.GITHUB_CLIENT_SECRET! },
   *     google: { clientId: process.env.GOOGLE_CLIENT_ID!, clientSecret: process.env.GOOGLE_CLIENT_SECRET! },
   *   },
   * })
   * // callback URLs: `${BETTER_AUTH_URL}/api/auth/callback/github`, `…/callback/google`
   */
  socialProviders?: SocialProviders;
  /**
   * better-auth plugins appended after ours (admin, twoFactor, magicLink), in order; our cookie bridge stays last
   * (no framework cookie plugin such as `sveltekitCookies` is needed: the SvelteKit handle does that).
   * A function is called once, when the plugin sets up.
   */
  plugins?: BetterAuthPlugin[] | (() => BetterAuthPlugin[]);
  /** Magic-link sign-in (`user.magic_link_requested` carries the link). @default true */
  magicLink?: boolean;
  /** Name in authenticator apps (TOTP issuer). @default 'sv-sdk' */
  appName?: string;
  /**
   * The app's two-factor page. A link that would sign a two-factor account in (magic link, verification link, OAuth
   * callback) redirects there instead, with `?redirectTo=<where the link meant to go>` (a same-origin path).
   * @default '/login/two-factor'
   */
  twoFactorPage?: string;
  /**
   * The app's sign-in page. A mailed link (magic link, verification, password reset) of a banned or deleted account
   * lands there with `?error=AUTH_ACCOUNT_UNAVAILABLE` (a magic link's own `errorCallbackURL` wins).
   * @default '/login'
   */
  loginPage?: string;
  /**
   * `false`: the app serves its own auth pages; `svSdk()` then writes no `(auth)` route files.
   * @default true
   */
  routes?: boolean;
  /** Role of new users. @default 'user' */
  defaultRole?: string;
  /** Roles that may use the admin API (ban, impersonate, set role…). @default ['admin'] */
  adminRoles?: string[];
}
