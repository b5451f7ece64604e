import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware, isAPIError } from 'better-auth/api';
import { verifyJWT } from 'better-auth/crypto';
import { safeRedirect } from '../security/sanitize.ts';
import { authError, toApiError } from './error-codes.ts';

export const UNAVAILABLE_ACCOUNTS_PLUGIN_ID = 'sv-sdk-unavailable-accounts';
/** The `?error=` of a link that reached a banned or deleted account (one code: a link never tells which). */
export const ACCOUNT_UNAVAILABLE = 'AUTH_ACCOUNT_UNAVAILABLE';

interface AccountState {
  banned?: boolean | null;
  banExpires?: Date | string | null;
  deletedAt?: Date | string | null;
}

/** Banned (a ban past its expiry no longer counts: better-auth lifts it at the next sign-in) or soft-deleted. */
export function isUnavailable(user: AccountState | null | undefined, now = Date.now()): boolean {
  if (!user) return false;
  if (user.deletedAt) return true;
  if (!user.banned) return false;
  return !(user.banExpires && new Date(user.banExpires).getTime() < now);
}

/** `target` with `?error=<code>` (or `&error=`), before any fragment. */
export function withErrorParam(target: string, code: string): string {
  const [path = '', hash] = target.split('#', 2);
  return `${path}${path.includes('?') ? '&' : '?'}error=${encodeURIComponent(code)}${hash === undefined ? '' : `#${hash}`}`;
}

/** A 302 to `location` as a `Response`: an APIError redirect thrown over a failed call would keep its 4xx status. */
function redirectTo(location: string): Response {
  return new Response(null, { status: 302, headers: { location } });
}

/** The links a person opens in a browser (mail links, OAuth callbacks): they must land on a page, never on JSON. */
const LINK_PATHS = new Set(['/magic-link/verify', '/verify-email', '/callback/:id', '/oauth2/callback/:providerId']);
/** What session creation answers for a banned account (better-auth's admin plugin) and a deleted one (our hook). */
const REFUSED_SIGN_IN = new Set(['BANNED_USER', 'INVALID_EMAIL_OR_PASSWORD']);

type Query = Record<string, unknown> | undefined;
const stringParam = (query: Query, name: string): string | undefined =>
  typeof query?.[name] === 'string' && query[name] !== '' ? query[name] : undefined;

/**
 * Banned and soft-deleted accounts (ACCOUNT_DELETION_GRACE_DAYS) can use no mailed link:
 * - a verification or email-change link (`/verify-email`, checked before better-auth marks anything verified) and a
 *   password-reset link (`GET /reset-password/:token`) redirect to `loginPage?error=AUTH_ACCOUNT_UNAVAILABLE`; an
 *   API call of `/verify-email` without `callbackURL` answers that code as JSON (403);
 * - completing a reset (`POST /reset-password`) with such an account's token is `AUTH_TOKEN_INVALID`;
 * - a magic link (and an OAuth callback) whose session creation is refused for the account lands on its
 *   `errorCallbackURL`, or `loginPage`, with `?error=AUTH_ACCOUNT_UNAVAILABLE` instead of better-auth's raw JSON
 *   error (an OAuth callback already redirects: only its code is replaced, so a deleted account reads like a banned
 *   one).
 * Reset and magic-link requests for a deleted account answer as usual but send nothing (`createAuth`).
 */
export function unavailableAccounts(options: { loginPage: string }): BetterAuthPlugin {
  const loginPage = options.loginPage;
  return {
    id: UNAVAILABLE_ACCOUNTS_PLUGIN_ID,
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === '/verify-email',
          handler: createAuthMiddleware(async (ctx) => {
            const query = ctx.query as Query;
            const token = stringParam(query, 'token');
            if (!token) return;
            // Only a token signed with our secret names its account: a forged one must not probe account states.
            const payload = await verifyJWT<{ email?: unknown; userId?: unknown }>(token, ctx.context.secret);
            if (!payload) return;
            const user =
              typeof payload.userId === 'string'
                ? await ctx.context.internalAdapter.findUserById(payload.userId)
                : typeof payload.email === 'string'
                  ? (await ctx.context.internalAdapter.findUserByEmail(payload.email.toLowerCase()))?.user
                  : null;
            if (!isUnavailable(user as AccountState | null)) return;
            if (!stringParam(query, 'callbackURL')) throw toApiError(authError('AUTH_ACCOUNT_UNAVAILABLE'));
            return redirectTo(withErrorParam(loginPage, ACCOUNT_UNAVAILABLE));
          }),
        },
        {
          matcher: (ctx) => ctx.path === '/reset-password/:token' || ctx.path === '/reset-password',
          handler: createAuthMiddleware(async (ctx) => {
            const link = ctx.path === '/reset-password/:token';
            const token = link
              ? (ctx.params as { token?: unknown } | undefined)?.token
              : ((ctx.body as { token?: unknown } | undefined)?.token ?? (ctx.query as Query)?.token);
            if (typeof token !== 'string' || token === '') return;
            const record = await ctx.context.internalAdapter.findVerificationValue(`reset-password:${token}`);
            if (!record) return;
            const user = await ctx.context.internalAdapter.findUserById(record.value);
            if (!isUnavailable(user as AccountState | null)) return;
            if (!link) throw toApiError(authError('AUTH_TOKEN_INVALID'));
            return redirectTo(withErrorParam(loginPage, ACCOUNT_UNAVAILABLE));
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => LINK_PATHS.has(ctx.path ?? ''),
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            if (!isAPIError(returned)) return;
            const query = ctx.query as Query;
            if (returned.statusCode >= 300 && returned.statusCode < 400) {
              // better-auth's own error redirect (OAuth callback): one code for banned and deleted accounts.
              const location = (returned.headers as Headers | undefined)?.get?.('location');
              if (!location) return;
              const url = new URL(location, ctx.context.baseURL);
              if (!REFUSED_SIGN_IN.has(url.searchParams.get('error') ?? '')) return;
              url.searchParams.set('error', ACCOUNT_UNAVAILABLE);
              url.searchParams.delete('error_description');
              return redirectTo(url.toString());
            }
            const code = (returned.body as { code?: unknown } | undefined)?.code;
            if (typeof code !== 'string' || !REFUSED_SIGN_IN.has(code)) return;
            // A JSON call of /verify-email (no callback URL) keeps its JSON answer; a magic link always redirects.
            if (ctx.path === '/verify-email' && !stringParam(query, 'callbackURL')) return;
            const errorCallbackURL = stringParam(query, 'errorCallbackURL');
            // The endpoint's origin check has passed: an errorCallbackURL here is one of the app's own.
            const target = errorCallbackURL ? safeTarget(errorCallbackURL, ctx.context.baseURL, loginPage) : loginPage;
            return redirectTo(withErrorParam(target, ACCOUNT_UNAVAILABLE));
          }),
        },
      ],
    },
  };
}

/** An error callback URL on the app's own origin (as a path), otherwise the login page. */
function safeTarget(target: string, baseURL: string, fallback: string): string {
  try {
    const base = new URL(baseURL);
    const url = new URL(target, base);
    if (url.origin !== base.origin) return fallback;
    return safeRedirect(`${url.pathname}${url.search}${url.hash}`, { fallback });
  } catch {
    return fallback;
  }
}
