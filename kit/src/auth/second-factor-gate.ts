import type { AuthContext, BetterAuthPlugin, GenericEndpointContext } from 'better-auth';
import { createAuthMiddleware, isAPIError } from 'better-auth/api';
import { deleteSessionCookie, expireCookie } from 'better-auth/cookies';
import { generateRandomString } from 'better-auth/crypto';
import {
  checkTwoFactorPage,
  continuationPath,
  DEFAULT_TRUST_DEVICE_MAX_AGE,
  DEFAULT_TWO_FACTOR_COOKIE_MAX_AGE,
  DEFAULT_TWO_FACTOR_PAGE,
  gateVerdict,
  isRedirectStatus,
  PASSWORD_CHANGE_PATHS,
  TRUST_DEVICE_COOKIE_NAME,
  TRUST_DEVICE_PREFIX,
  trustDeviceToken,
  trustedIdentifier,
  TWO_FACTOR_COOKIE_NAME,
  twoFactorPageLocation,
  type CreatedSession,
} from './second-factor-rules.ts';

export interface SecondFactorGateOptions {
  /**
   * The app's two-factor page, where a link that would have signed a two-factor account in (magic link,
   * verification link, OAuth callback) sends the browser instead, with `?redirectTo=<where the link meant to go>`.
   * @default '/login/two-factor'
   */
  twoFactorPage?: string | undefined;
}

/** What the two-factor plugin was configured with (read from the registered plugin, so both agree). */
interface TwoFactorSettings {
  trustDeviceMaxAge?: number;
  twoFactorCookieMaxAge?: number;
  totpOptions?: { disable?: boolean };
  otpOptions?: { sendOTP?: unknown };
}

type Ctx = GenericEndpointContext;
/** The per-request object every hook, middleware and database hook of one endpoint call shares. */
type RequestKey = object;

/**
 * The one second-factor gate: better-auth's `twoFactor` plugin, minus its sign-in hook, behind a plugin that sees
 * every session created for a two-factor account, whatever the endpoint (password, magic link, verification link,
 * OAuth callback, and any later way in such as passkeys or email OTP). Register the pair in place of `twoFactor()`:
 * `...withSecondFactorGate(twoFactor({ issuer }), { twoFactorPage })`.
 *
 * - Every session row created inside an endpoint call is noted (`databaseHooks.session.create.after`, the point all
 *   session creation passes). In the call's after hook (ordered before every later plugin's), each one for a user with
 *   `twoFactorEnabled` is let through only when the endpoint IS the second factor (`/two-factor/verify-*`), when the
 *   request was already signed in as that user (a rotation: password change, 2FA on/off), for an admin's
 *   impersonation session, or when the browser holds a valid "trust this device" cookie (better-auth's cookie,
 *   verification row and rotation). Otherwise the session row and cookie are deleted and better-auth's challenge
 *   (`two_factor` cookie + verification rows, which `/two-factor/verify-*` accept) is issued: JSON endpoints answer
 *   `{ twoFactorRedirect: true, twoFactorMethods }`, links a 302 to the two-factor page carrying the continuation.
 * - A session set again without being created (get-session renewal, update-user, stop-impersonating) is not a sign-in.
 * - Trusted devices are forgotten (every `trust-device-*` row of the user: database and cache) after a password
 *   reset, change or admin reset, and whenever `twoFactorEnabled` is written (2FA turned on or off).
 */
export function withSecondFactorGate(
  twoFactorPlugin: BetterAuthPlugin,
  options: SecondFactorGateOptions = {},
): BetterAuthPlugin[] {
  // twoFactor's own after hook only covers /sign-in/email|username|phone-number; the gate replaces it, so sign-in has
  // one mechanism too (both would otherwise read and rotate the same trust-device cookie).
  const { hooks, ...rest } = twoFactorPlugin;
  const twoFactorWithoutSignInHook: BetterAuthPlugin = hooks?.before
    ? { ...rest, hooks: { before: hooks.before } }
    : rest;
  return [secondFactorGate(options), twoFactorWithoutSignInHook];
}

function secondFactorGate(options: SecondFactorGateOptions): BetterAuthPlugin {
  const twoFactorPage = checkTwoFactorPage(options.twoFactorPage ?? DEFAULT_TWO_FACTOR_PAGE);
  /** Sessions created during each endpoint call. */
  const created = new WeakMap<RequestKey, CreatedSession[]>();
  /** Calls that wrote `twoFactorEnabled` (turned 2FA on or off). */
  const twoFactorWrites = new WeakSet<RequestKey>();
  /** The user a `/reset-password` call resets (its token is consumed by the endpoint). */
  const resetUsers = new WeakMap<RequestKey, string>();

  const forgetTrustedDevices = async (context: AuthContext, userId: string) => {
    // The rows are in the database (verification.storeInDatabase) and mirrored in the secondary storage, which
    // better-auth reads first: each is deleted through better-auth so both go.
    for (;;) {
      const rows = await context.adapter.findMany<{ identifier: string }>({
        model: 'verification',
        where: [
          { field: 'value', value: userId },
          { field: 'identifier', operator: 'starts_with', value: TRUST_DEVICE_PREFIX },
        ],
        limit: 100,
      });
      for (const row of rows) await context.internalAdapter.deleteVerificationByIdentifier(row.identifier);
      if (rows.length < 100) return;
    }
  };

  return {
    id: 'sv-sdk-second-factor-gate',
    init() {
      return {
        options: {
          databaseHooks: {
            session: {
              create: {
                async after(session, endpoint) {
                  if (!endpoint) return;
                  const list = created.get(endpoint.context) ?? [];
                  list.push({
                    token: session.token,
                    userId: session.userId,
                    impersonatedBy: (session as { impersonatedBy?: string | null }).impersonatedBy ?? null,
                  });
                  created.set(endpoint.context, list);
                },
              },
            },
            user: {
              update: {
                async before(data, endpoint) {
                  if (endpoint && 'twoFactorEnabled' in data) twoFactorWrites.add(endpoint.context);
                },
                async after(user, endpoint) {
                  if (!endpoint || !twoFactorWrites.has(endpoint.context)) return;
                  twoFactorWrites.delete(endpoint.context);
                  await forgetTrustedDevices(endpoint.context, user.id);
                },
              },
            },
          },
        },
      };
    },
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === '/reset-password',
          handler: createAuthMiddleware(async (ctx) => {
            const token = (ctx.body as { token?: unknown } | undefined)?.token ?? ctx.query?.token;
            if (typeof token !== 'string' || token === '') return;
            const record = await ctx.context.internalAdapter.findVerificationValue(`reset-password:${token}`);
            if (record) resetUsers.set(ctx.context, record.value);
          }),
        },
      ],
      after: [
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (ctx) => gate(ctx)),
        },
        {
          matcher: (ctx) => PASSWORD_CHANGE_PATHS.has(ctx.path ?? ''),
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            if (isAPIError(returned) || returned instanceof Error) return;
            const userId =
              ctx.path === '/reset-password'
                ? resetUsers.get(ctx.context)
                : ctx.path === '/admin/set-user-password'
                  ? (ctx.body as { userId?: unknown } | undefined)?.userId
                  : ctx.context.session?.user.id;
            if (typeof userId === 'string' && userId !== '') await forgetTrustedDevices(ctx.context, userId);
          }),
        },
      ],
    },
  };

  async function gate(ctx: Ctx): Promise<unknown> {
    const sessions = created.get(ctx.context);
    if (!sessions?.length) return;
    created.delete(ctx.context);
    const requestUserId = ctx.context.session?.user.id;
    const gated: CreatedSession[] = [];
    const enabled = new Map<string, boolean>();
    for (const session of sessions) {
      if (gateVerdict({ path: ctx.path ?? '', requestUserId, session }) !== 'check-user') continue;
      let twoFactorEnabled = enabled.get(session.userId);
      if (twoFactorEnabled === undefined) {
        const user = await ctx.context.internalAdapter.findUserById(session.userId);
        twoFactorEnabled = (user as { twoFactorEnabled?: boolean | null } | null)?.twoFactorEnabled === true;
        enabled.set(session.userId, twoFactorEnabled);
      }
      if (twoFactorEnabled) gated.push(session);
    }
    if (gated.length === 0) return;

    const settings = twoFactorSettings(ctx.context);
    const trustMaxAge = settings.trustDeviceMaxAge ?? DEFAULT_TRUST_DEVICE_MAX_AGE;
    const trustCookie = ctx.context.createAuthCookie(TRUST_DEVICE_COOKIE_NAME, { maxAge: trustMaxAge });
    const trustValue = await ctx.getSignedCookie(trustCookie.name, ctx.context.secret);

    // The session the answer carries (better-auth's newSession); others created alongside are gated all the same.
    const answered = ctx.context.newSession?.session.token;
    const target = gated.find((session) => session.token === answered) ?? gated[0];
    if (!target) return;
    if (gated.length === 1 && (await trustedDevice(ctx, target.userId, trustValue, trustCookie, trustMaxAge))) return;

    // Challenge: no session leaves this request (the dont-remember cookie stays, for the session the factor makes).
    if (trustValue) expireCookie(ctx, trustCookie);
    for (const session of gated) await ctx.context.internalAdapter.deleteSession(session.token);
    if (!answered || gated.some((session) => session.token === answered)) {
      deleteSessionCookie(ctx, true);
      ctx.context.setNewSession(null);
    }
    // The endpoint's answer, as after hooks see it. A failed call keeps its error (its session is gone all the same).
    const returned = (ctx.context as { returned?: unknown }).returned;
    const redirect = isAPIError(returned) && isRedirectStatus(returned.statusCode);
    if (returned instanceof Error && !redirect) return;

    const cookieMaxAge = settings.twoFactorCookieMaxAge ?? DEFAULT_TWO_FACTOR_COOKIE_MAX_AGE;
    const twoFactorCookie = ctx.context.createAuthCookie(TWO_FACTOR_COOKIE_NAME, { maxAge: cookieMaxAge });
    const identifier = `2fa-${generateRandomString(20)}`;
    const expiresAt = new Date(Date.now() + cookieMaxAge * 1000);
    await ctx.context.internalAdapter.createVerificationValue({ value: target.userId, identifier, expiresAt });
    await ctx.context.internalAdapter.createVerificationValue({
      value: '0',
      identifier: `2fa-attempts-${identifier}`,
      expiresAt,
    });
    await ctx.setSignedCookie(twoFactorCookie.name, identifier, ctx.context.secret, twoFactorCookie.attributes);

    if (redirect) {
      const location = (returned.headers as Headers | undefined)?.get?.('location');
      throw ctx.redirect(twoFactorPageLocation(twoFactorPage, continuationPath(location, ctx.context.baseURL)));
    }
    return ctx.json({
      twoFactorRedirect: true,
      twoFactorMethods: await twoFactorMethods(ctx, target.userId, settings),
    });
  }

  /** better-auth's trust-device check and rotation (`plugins/two-factor`), for any endpoint. */
  async function trustedDevice(
    ctx: Ctx,
    userId: string,
    value: string | null | false,
    cookie: { name: string; attributes: Record<string, unknown> },
    maxAge: number,
  ): Promise<boolean> {
    const identifier = trustedIdentifier(ctx.context.secret, userId, value);
    if (!identifier) return false;
    const record = await ctx.context.internalAdapter.findVerificationValue(identifier);
    if (!record || record.value !== userId || !(new Date(record.expiresAt) > new Date())) return false;
    await ctx.context.internalAdapter.deleteVerificationByIdentifier(identifier);
    const next = `${TRUST_DEVICE_PREFIX}${generateRandomString(32)}`;
    await ctx.context.internalAdapter.createVerificationValue({
      value: userId,
      identifier: next,
      expiresAt: new Date(Date.now() + maxAge * 1000),
    });
    const token = trustDeviceToken(ctx.context.secret, userId, next);
    await ctx.setSignedCookie(cookie.name, `${token}!${next}`, ctx.context.secret, cookie.attributes);
    return true;
  }
}

function twoFactorSettings(context: AuthContext): TwoFactorSettings {
  const plugin = (context.getPlugin as (id: string) => { options?: TwoFactorSettings } | null | undefined)(
    'two-factor',
  );
  return plugin?.options ?? {};
}

/** The methods a challenge offers, as better-auth answers them: TOTP when a verified secret exists, OTP when sent. */
async function twoFactorMethods(ctx: Ctx, userId: string, settings: TwoFactorSettings): Promise<string[]> {
  const methods: string[] = [];
  if (!settings.totpOptions?.disable) {
    const secret = await ctx.context.adapter.findOne<{ verified?: boolean | null }>({
      model: 'twoFactor',
      where: [{ field: 'userId', value: userId }],
    });
    if (secret && secret.verified !== false) methods.push('totp');
  }
  if (settings.otpOptions?.sendOTP) methods.push('otp');
  return methods;
}
