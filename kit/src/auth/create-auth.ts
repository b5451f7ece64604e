import { betterAuth, generateId, type BetterAuthPlugin } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from 'better-auth/api';
import { deleteSessionCookie } from 'better-auth/cookies';
import { admin } from 'better-auth/plugins/admin';
import { defaultRoles } from 'better-auth/plugins/admin/access';
import { magicLink } from 'better-auth/plugins/magic-link';
import { twoFactor } from 'better-auth/plugins/two-factor';
import { z } from 'zod';
import type { Cache } from '../cache/types.ts';
import type { CoreConfig } from '../core/config.ts';
import type { SDKEvents } from '../core/event-map.ts';
import { eventMeta, type EventBus, type EventMeta } from '../core/events.ts';
import type { Logger } from '../core/logger.ts';
import { databaseUnavailableError, isSDKError } from '../core/errors.ts';
import { getRequestContext } from '../core/request-context.ts';
import type { Database } from '../db/types.ts';
import { safeRedirect } from '../security/sanitize.ts';
import type { SecurityService } from '../security/types.ts';
import type { AuthConfig } from './config.ts';
import { withEmailConflicts } from './email-conflict.ts';
import { endSessionsAfterEmailChange } from './email-change.ts';
import { knownDeviceKey, mayMail, PASSWORD_CHECKED_PATHS, rememberDevice, signInBudget } from './account-protection.ts';
import { authError, toApiError } from './error-codes.ts';
import { assertImageInputs } from './image-url.ts';
import { assertSafeInput, emailInputs, MAX_EMAIL_LENGTH } from './input-guard.ts';
import { betterAuthLogging } from './logging.ts';
import { hashPassword, isCurrentHash, verifyPassword } from './password-hash.ts';
import { authTables } from './schema.ts';
import { cacheSecondaryStorage } from './secondary-storage.ts';
import { requestCookies } from './request-cookies.ts';
import { withSecondFactorGate } from './second-factor-gate.ts';
import { createSessionFieldCodec, type SessionFieldCodec } from './session-fields.ts';
import { sessionTokens } from './session-tokens.ts';
import { unavailableAccounts } from './unavailable-accounts.ts';
import type { AdminGate, AuthPluginOptions } from './types.ts';

export const AUTH_BASE_PATH = '/api/auth';
/** better-auth's answer to a reset request, known address or not. */
const RESET_REQUESTED_MESSAGE = 'If this email exists in our system, check your email for the reset link';

export interface CreateAuthInput {
  config: AuthConfig;
  core: CoreConfig;
  secret: string;
  baseURL: string;
  db: Database;
  cache: Cache;
  security: SecurityService;
  events: EventBus<SDKEvents>;
  logger: Logger;
  options: AuthPluginOptions;
  /** Soft delete (the user service's), run instead of better-auth's hard delete: by the user or by an admin. */
  softDelete: (userId: string, by: 'self' | 'admin') => Promise<void>;
  /** Called after any change of a user row, so cached reads are dropped. */
  onUserChanged: (userId: string, email?: string) => Promise<void>;
  /** Encryption of the sessions' IP and user agent; by default built from `security.encryption`. */
  sessionFields?: SessionFieldCodec;
  /** The gate of better-auth's admin endpoints, once a domain set it (the permissions plugin). */
  adminGate?: () => AdminGate | undefined;
}

/**
 * better-auth's admin roles (its access control), until a gate decides the admin endpoints: then every role passes
 * better-auth's own check, which would otherwise read the `role` field as a second, different source of truth (the
 * gate has refused whatever the caller may not do before better-auth runs).
 */
function gatedRoles(gated: () => boolean): typeof defaultRoles {
  const allowAll = { authorize: () => ({ success: true }), statements: {} };
  // Without a gate, as without a `roles` option: any role name may be set, and only admin/user grant anything.
  const grantsNothing = { authorize: () => ({ success: false }), statements: {} };
  return new Proxy(defaultRoles, {
    get: (target, name, receiver) => {
      if (typeof name !== 'string') return Reflect.get(target, name, receiver);
      if (gated()) return allowAll;
      return Reflect.has(target, name) ? Reflect.get(target, name, receiver) : grantsNothing;
    },
    has: (target, name) => typeof name === 'string' || Reflect.has(target, name),
  });
}

/** Where a call comes from: the request context's client IP (set by the SvelteKit handle) and user agent. */
export function requestOrigin(headers?: Headers | null): { ip: string | undefined; userAgent: string | undefined } {
  const context = getRequestContext();
  const userAgent = context?.userAgent ?? headers?.get('user-agent') ?? undefined;
  return { ip: context?.clientIp, userAgent: userAgent?.slice(0, 512) };
}

const emailSchema = z.email();
const lower = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : undefined);

/** Reads the JWT payload of an email-verification token (better-auth's), without verifying: only to tell flows apart. */
function tokenPayload(token: string): Record<string, unknown> {
  try {
    const part = token.split('.')[1] ?? '';
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * Builds the better-auth instance with our database, session cache, hashing, policies, rate limits and events.
 * Exported for the plugin (and for typing `AuthInstance`); apps use `authPlugin()`.
 */
export function createAuth(input: CreateAuthInput) {
  const { config, db, security, events, logger, options } = input;
  const limiter = security.rateLimiter;
  const sessionFields = input.sessionFields ?? createSessionFieldCodec(security.encryption, logger);
  const policy = security.passwordPolicy;
  const emit = <E extends keyof SDKEvents>(event: E, payload: SDKEvents[E]) =>
    events.emit(event, payload).then(
      () => undefined,
      (error: unknown) => logger.error({ err: error, event }, 'auth event listener failed'),
    );

  /** Users whose `user.created` queued half was emitted in the creating transaction (see databaseHooks.user). */
  const queuedCreated = new Map<string, EventMeta>();
  const createdPayload = (
    user: { id: string; email: string; name: string; emailVerified: boolean },
    ctx: { headers?: Headers } | null | undefined,
  ): SDKEvents['user.created'] => ({
    userId: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerified,
    ...defined(requestOrigin(ctx?.headers)),
  });

  // Drizzle for better-auth, resolved on each use so it joins `db.transaction()` of the caller, and better-auth's
  // own transactions go through `db.transaction()` (on PGlite a second connection-level transaction would deadlock).
  const drizzle = new Proxy({} as Database['drizzle'], {
    get(_target, property) {
      if (property === 'transaction') return (fn: (tx: unknown) => Promise<unknown>) => db.transaction(fn);
      const current = db.drizzle as unknown as Record<PropertyKey, unknown>;
      const value = current[property];
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });

  const extraPlugins = typeof options.plugins === 'function' ? options.plugins() : (options.plugins ?? []);
  const trustedOrigins = (config.TRUSTED_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);

  const assertPassword = async (password: unknown, context: { email?: string; name?: string }) => {
    if (typeof password !== 'string') return;
    const result = await policy.check(password, context);
    if (!result.ok) {
      throw toApiError(
        authError('AUTH_PASSWORD_POLICY', {
          message: result.problems.map((problem) => problem.message).join(' '),
          details: { problems: result.problems, score: result.score },
        }),
      );
    }
  };
  const mailBudget = async (name: string, email: string, ip: string | undefined) => {
    try {
      return await mayMail(limiter, name, email, ip);
    } catch (error) {
      throw toApiError(error as never);
    }
  };
  const limit = async (name: string, keys: { account?: string; ip?: string }) => {
    const present = Object.fromEntries(Object.entries(keys).filter(([, value]) => value !== undefined));
    if (Object.keys(present).length === 0) return;
    try {
      await limiter.consume(name, present);
    } catch (error) {
      throw toApiError(error as never);
    }
  };

  const plugins: BetterAuthPlugin[] = [
    admin({
      defaultRole: options.defaultRole ?? 'user',
      adminRoles: options.adminRoles ?? ['admin'],
      roles: gatedRoles(() => input.adminGate?.() !== undefined),
    }),
    // One second-factor gate for every session created (password, magic link, links, OAuth…); replaces twoFactor's.
    ...withSecondFactorGate(twoFactor({ issuer: options.appName ?? 'sv-sdk' }), options),
    ...(options.magicLink === false
      ? []
      : [
          magicLink({
            expiresIn: 15 * 60,
            // No account is created by a magic link: sign-up goes through the password policy and verification.
            disableSignUp: true,
            async sendMagicLink({ email, url, token }, ctx) {
              // A deleted account (grace period) gets no link; the answer is the usual one.
              const found = await ctx?.context.internalAdapter.findUserByEmail(email);
              if ((found?.user as { deletedAt?: Date | null } | undefined)?.deletedAt) return;
              await emit('user.magic_link_requested', { email, url, token });
            },
          }),
        ]),
    ...(sessionFields.enabled ? [openSessionResponses(sessionFields)] : []),
    // Links of banned/deleted accounts land on the login page with ?error=AUTH_ACCOUNT_UNAVAILABLE, never on JSON.
    unavailableAccounts({ loginPage: checkPagePath('loginPage', options.loginPage ?? '/login') }),
    ...extraPlugins,
    // After every other plugin's answer: session tokens stay in the HttpOnly cookie (answers carry ids).
    sessionTokens(),
    // Last: cookies set by server-side calls inside a request (a session renewed in the SvelteKit handle) reach it.
    requestCookies(logger),
  ];

  const requireVerification = config.AUTH_REQUIRE_EMAIL_VERIFICATION;
  const storage = cacheSecondaryStorage(input.cache);

  return betterAuth({
    appName: options.appName ?? 'sv-sdk',
    secret: input.secret,
    baseURL: input.baseURL,
    basePath: AUTH_BASE_PATH,
    trustedOrigins,
    telemetry: { enabled: false },
    // better-auth's own lines (and the API errors it answers) as JSON on our logger, at the right level, scrubbed.
    ...betterAuthLogging(logger),
    // An email change to an address another account took meanwhile answers 409, not the unique violation's 500.
    database: withEmailConflicts(drizzleAdapter(drizzle, { provider: 'pg', schema: authTables, transaction: true })),
    secondaryStorage: storage,
    // Our limiter runs in hooks (below): it also covers server-side `auth.api.*` calls, which better-auth's does not.
    rateLimit: { enabled: false },
    advanced: {
      // The SvelteKit handle sets the real client IP in the request context; sessions record that (hook below).
      ipAddress: { disableIpTracking: false },
      useSecureCookies: input.baseURL.startsWith('https:'),
    },
    session: {
      expiresIn: config.SESSION_MAX_AGE,
      updateAge: config.SESSION_UPDATE_AGE,
      // Sessions live in PostgreSQL (they survive a cache flush) and in the cache (fast lookups, instant revocation).
      storeSessionInDatabase: true,
      // better-auth's signed cookie cache skips even the cache lookup, but a revoked session stays valid in that
      // browser until the cookie's max age: off unless SESSION_COOKIE_CACHE_MAX_AGE says otherwise.
      cookieCache: { enabled: config.SESSION_COOKIE_CACHE_MAX_AGE > 0, maxAge: config.SESSION_COOKIE_CACHE_MAX_AGE },
    },
    verification: { storeInDatabase: true },
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: requireVerification,
      // With verification (the default) a sign-up answers the same for new and existing addresses and signs nobody
      // in. Without it nothing proves the mailbox, so a new account is signed in at once and an address already
      // registered is refused (AUTH_EMAIL_IN_USE): the two answers necessarily differ.
      autoSignIn: !requireVerification,
      minPasswordLength: policy.options.minLength,
      maxPasswordLength: policy.options.maxLength,
      password: { hash: hashPassword, verify: verifyPassword },
      resetPasswordTokenExpiresIn: config.PASSWORD_RESET_EXPIRES_IN,
      revokeSessionsOnPasswordReset: true,
      async sendResetPassword({ user, url, token }) {
        // A deleted account (grace period) gets no mail; the answer is the one of any address.
        if ((user as { deletedAt?: Date | null }).deletedAt) return;
        const expiresAt = new Date(Date.now() + config.PASSWORD_RESET_EXPIRES_IN * 1000).toISOString();
        await emit('user.password_reset_requested', { userId: user.id, email: user.email, url, token, expiresAt });
      },
      async onPasswordReset({ user }) {
        // A reset proves the mailbox: forget failures and lift the lockout.
        await limiter.resetAccount(user.email);
        await input.onUserChanged(user.id, user.email);
        await emit('user.password_changed', {
          userId: user.id,
          email: user.email,
          via: 'reset',
          sessionsRevoked: true,
        });
      },
      async onExistingUserSignUp({ user }, request) {
        const origin = requestOrigin(request?.headers);
        await emit('user.existing_signup', { userId: user.id, email: user.email, ...defined(origin) });
      },
      customSyntheticUser: ({ coreFields, additionalFields, id }) => ({
        ...coreFields,
        role: options.defaultRole ?? 'user',
        banned: false,
        banReason: null,
        banExpires: null,
        twoFactorEnabled: false,
        ...additionalFields,
        id,
      }),
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      expiresIn: config.EMAIL_VERIFICATION_EXPIRES_IN,
      async sendVerificationEmail({ user, url, token }) {
        const payload = tokenPayload(token);
        if (typeof payload.updateTo === 'string' && payload.requestType === 'change-email-verification') {
          // `user.email` is the new address here: the link confirms the change.
          await emit('user.email_change_requested', {
            userId: user.id,
            email: String(payload.email ?? ''),
            newEmail: payload.updateTo,
            url,
            token,
          });
          return;
        }
        const expiresAt = new Date(Date.now() + config.EMAIL_VERIFICATION_EXPIRES_IN * 1000).toISOString();
        await emit('user.verification_requested', { userId: user.id, email: user.email, url, token, expiresAt });
      },
      async afterEmailVerification(user) {
        await input.onUserChanged(user.id, user.email);
        await emit('user.verified', { userId: user.id, email: user.email });
      },
    },
    user: {
      additionalFields: {
        deletedAt: { type: 'date', required: false, input: false },
      },
      changeEmail: { enabled: true },
      deleteUser: { enabled: true },
    },
    account: {
      accountLinking: {
        enabled: true,
        // No provider is trusted blindly: an OAuth identity joins an account only when both emails are verified.
        trustedProviders: [],
        requireLocalEmailVerified: true,
        allowDifferentEmails: false,
        // Unlinking the last way to sign in is refused (FAILED_TO_UNLINK_LAST_ACCOUNT → AUTH_LAST_SIGN_IN_METHOD).
        allowUnlinkingAll: false,
      },
      // With FIELD_ENCRYPTION_KEY, OAuth access and refresh tokens are sealed at rest by better-auth itself (with
      // BETTER_AUTH_SECRET), which decrypts them where it uses them; tokens stored in clear before still read.
      encryptOAuthTokens: security.encryption !== undefined,
    },
    socialProviders: options.socialProviders,
    databaseHooks: {
      user: {
        create: {
          // `user.created` in two halves when the user is created inside a transaction (sign-up): the queued
          // deliveries (the welcome mail…) are stored in that transaction, before the insert, so they commit or roll
          // back with the account; the sync listeners run after the commit (better-auth runs its after hooks then),
          // when the row is visible. Outside a transaction the whole event is emitted after the insert.
          async before(user, ctx) {
            if (!db.inTransaction()) return;
            const id = typeof user.id === 'string' && user.id !== '' ? user.id : generateId();
            const meta = eventMeta('user.created');
            queuedCreated.set(id, meta);
            // A rolled-back sign-up never reaches the after hook: keep the map bounded.
            if (queuedCreated.size > 1000) queuedCreated.delete(queuedCreated.keys().next().value as string);
            await events.emit('user.created', createdPayload({ ...user, id }, ctx), { only: 'queued', meta });
            return { data: { ...user, id } };
          },
          async after(user, ctx) {
            const meta = queuedCreated.get(user.id);
            queuedCreated.delete(user.id);
            await events
              .emit('user.created', createdPayload(user, ctx), meta ? { only: 'sync', meta } : {})
              .catch((error: unknown) =>
                logger.error({ err: error, event: 'user.created' }, 'auth event listener failed'),
              );
          },
        },
        update: {
          async after(user) {
            await input.onUserChanged(user.id, user.email);
          },
        },
      },
      session: {
        create: {
          async before(session, ctx) {
            // A deleted account cannot sign in: the answer is the one of a wrong password (no enumeration).
            const found = await db.drizzle.query.user.findFirst({
              columns: { deletedAt: true },
              where: (table, { eq }) => eq(table.id, session.userId),
            });
            if (found?.deletedAt)
              throw APIError.from('UNAUTHORIZED', {
                code: 'INVALID_EMAIL_OR_PASSWORD',
                message: 'Invalid email or password',
              });
            const origin = requestOrigin(ctx?.headers);
            // Sealed here, so the row and the cache entry better-auth writes from this data both hold ciphertext.
            return {
              data: sessionFields.seal({
                ...session,
                ipAddress: origin.ip ?? session.ipAddress,
                userAgent: origin.userAgent ?? session.userAgent,
              }),
            };
          },
          async after(created) {
            const session = sessionFields.open(created);
            await emit('session.created', {
              sessionId: session.id,
              userId: session.userId,
              ...defined({
                ip: session.ipAddress ?? undefined,
                userAgent: session.userAgent ?? undefined,
                impersonatedBy: (session as { impersonatedBy?: string | null }).impersonatedBy ?? undefined,
              }),
            });
          },
        },
        update: {
          async before(data) {
            // No update of better-auth's sets these today; one that did would otherwise store them in clear.
            if (!sessionFields.enabled || !('ipAddress' in data || 'userAgent' in data)) return;
            return { data: sessionFields.seal(data) };
          },
        },
        delete: {
          async after(session) {
            // better-auth drops the cache entry before the row: a lookup that missed in between may have read the
            // row and be refilling the cache. Deleting again once the row is gone (committed) voids that refill
            // (`fill` stores nothing when the key is deleted meanwhile) or removes what it stored.
            await storage.delete(session.token);
            await emit('session.revoked', { sessionId: session.id, userId: session.userId });
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        // First, for every endpoint: no NUL/control characters or oversized strings reach better-auth or
        // PostgreSQL, and every email a request carries (sign-up, change-email, admin create-user…) is one rule.
        assertSafeInput(ctx);
        for (const value of emailInputs(ctx.body)) validEmail(value);
        // A user's image is an https: URL or an inline raster image: never javascript:, http:, SVG…
        assertImageInputs(ctx.body);
        const body = (ctx.body ?? {}) as Record<string, unknown>;
        const origin = requestOrigin(ctx.headers);
        // A session whose password checks failed too often has been ended; one locked meanwhile is ended here.
        if (PASSWORD_CHECKED_PATHS.has(ctx.path)) await endSessionIfLocked(ctx);
        // better-auth's admin endpoints: the gate (the permissions plugin's roles) decides, before better-auth's own
        // role check, which then only sees the role field the gate keeps in step.
        const gate = ctx.path.startsWith('/admin/') ? input.adminGate?.() : undefined;
        if (gate) {
          const session = await getSessionFromCtx(ctx);
          if (!session)
            throw toApiError(authError('AUTH_NOT_ALLOWED', { status: 401, message: 'You need to sign in.' }));
          const decided = await gate({
            path: ctx.path,
            actorId: session.user.id,
            ...(session.session.impersonatedBy ? { impersonatedBy: String(session.session.impersonatedBy) } : {}),
            body,
            query: (ctx.query ?? {}) as Record<string, unknown>,
          }).catch((error: unknown) => {
            throw isSDKError(error) ? toApiError(error) : error;
          });
          if (decided) return ctx.json(decided.answer);
        }
        switch (ctx.path) {
          case '/sign-in/email': {
            // No attempt is counted while the database is away: the password cannot be checked, and the 503 must not
            // use up the account's budget (an outage would lock everyone out).
            if (!(await db.available())) throw toApiError(databaseUnavailableError());
            // A known device of the account has a budget of its own: strangers cannot lock the owner out there.
            const email = validEmail(body.email);
            const budget = signInBudget(email, await knownDeviceKey(ctx, email), origin.ip);
            await limit(budget.policy, budget.keys);
            return;
          }
          case '/sign-up/email': {
            const email = validEmail(body.email);
            await limit('sign-up', { ip: origin.ip ?? 'unknown' });
            await assertPassword(body.password, { email, name: typeof body.name === 'string' ? body.name : undefined });
            return;
          }
          case '/request-password-reset':
          case '/forget-password': {
            // Past the account's mail budget: the usual answer, no mail (never a 429 the owner could be held by).
            const email = validEmail(body.email);
            if (!(await mailBudget('password-reset', email, origin.ip)))
              return ctx.json({ status: true, message: RESET_REQUESTED_MESSAGE });
            return;
          }
          case '/send-verification-email': {
            const email = validEmail(body.email);
            if (!(await mailBudget('verification-resend', email, origin.ip))) return ctx.json({ status: true });
            return;
          }
          case '/sign-in/magic-link': {
            const email = validEmail(body.email);
            if (!(await mailBudget('password-reset', email, origin.ip))) return ctx.json({ status: true });
            return;
          }
          case '/reset-password': {
            // The token names the user: check the new password against their name and email.
            const token = typeof body.token === 'string' ? body.token : (ctx.query as { token?: string })?.token;
            let context: { email?: string; name?: string } = {};
            if (token) {
              const record = await ctx.context.internalAdapter.findVerificationValue(`reset-password:${token}`);
              const user = record ? await ctx.context.internalAdapter.findUserById(record.value) : null;
              if (user) context = { email: user.email, name: user.name };
            }
            await assertPassword(body.newPassword, context);
            return;
          }
          case '/change-password': {
            const session = await getSessionFromCtx(ctx);
            if (session) await assertPassword(body.newPassword, { email: session.user.email, name: session.user.name });
            // Other sessions end unless the caller says `revokeOtherSessions: false` (better-auth keeps them).
            if (body.revokeOtherSessions === undefined)
              return { context: { body: { ...body, revokeOtherSessions: true } } };
            return;
          }
          case '/delete-user': {
            // Account deletion is a soft delete (restorable for ACCOUNT_DELETION_GRACE_DAYS), never better-auth's
            // hard delete. A password re-check, or a fresh session, is required as better-auth would.
            const session = await getSessionFromCtx(ctx);
            if (!session)
              throw toApiError(authError('AUTH_NOT_ALLOWED', { status: 401, message: 'You need to sign in.' }));
            if (typeof body.password === 'string') {
              const accounts = await ctx.context.internalAdapter.findAccounts(session.user.id);
              const credential = accounts.find((account) => account.providerId === 'credential');
              const ok = credential?.password
                ? await verifyPassword({ hash: credential.password, password: body.password })
                : false;
              if (!ok) {
                await countPasswordFailure(ctx, session);
                throw APIError.from('BAD_REQUEST', { code: 'INVALID_PASSWORD', message: 'Invalid password' });
              }
            } else {
              const freshAge = ctx.context.sessionConfig.freshAge;
              const age = Date.now() - new Date(session.session.createdAt).getTime();
              if (freshAge > 0 && age > freshAge * 1000)
                throw APIError.from('FORBIDDEN', { code: 'SESSION_NOT_FRESH', message: 'Session is not fresh' });
            }
            await input.softDelete(session.user.id, 'self').catch((error: unknown) => {
              throw isSDKError(error) ? toApiError(error) : error;
            });
            deleteSessionCookie(ctx);
            return ctx.json({ success: true, message: 'User deleted' });
          }
          case '/admin/remove-user': {
            // An admin's removal is the same soft delete (restorable, then anonymised), never a hard delete.
            const session = await getSessionFromCtx(ctx);
            const adminRoles = options.adminRoles ?? ['admin'];
            const roles = (session?.user as { role?: string | null } | undefined)?.role?.split(',') ?? [];
            // With a gate, it has decided already (user:delete:any).
            if (!session || (!gate && !roles.some((role) => adminRoles.includes(role.trim()))))
              throw toApiError(authError('AUTH_NOT_ALLOWED'));
            const userId = typeof body.userId === 'string' ? body.userId : '';
            if (!userId)
              throw APIError.from('BAD_REQUEST', { code: 'VALIDATION_ERROR', message: 'userId is required' });
            if (userId === session.user.id)
              throw toApiError(authError('AUTH_NOT_ALLOWED', { message: 'Admins cannot remove themselves.' }));
            const target = await ctx.context.internalAdapter.findUserById(userId);
            if (!target) throw toApiError(authError('AUTH_USER_NOT_FOUND'));
            await input.softDelete(userId, 'admin').catch((error: unknown) => {
              throw isSDKError(error) ? toApiError(error) : error;
            });
            return ctx.json({ success: true });
          }
          default:
            return;
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        const returned = ctx.context.returned;
        const failed = isAPIError(returned) || returned instanceof Error;
        const body = (ctx.body ?? {}) as Record<string, unknown>;
        const origin = requestOrigin(ctx.headers);
        if (
          PASSWORD_CHECKED_PATHS.has(ctx.path) &&
          isAPIError(returned) &&
          errorCode(returned) === 'INVALID_PASSWORD'
        ) {
          const session = ctx.context.session ?? (await getSessionFromCtx(ctx).catch(() => null));
          if (session) await countPasswordFailure(ctx, session);
        }
        switch (ctx.path) {
          case '/sign-in/email': {
            const email = lower(body.email);
            if (!email) return;
            const deviceKey = await knownDeviceKey(ctx, email);
            const budget = signInBudget(email, deviceKey, origin.ip);
            if (!failed) {
              await limiter.recordSuccess(budget.policy, { account: budget.keys.account });
              await rememberDevice(ctx, email, deviceKey);
              await rehashIfLegacy(ctx, email, body.password);
              return;
            }
            const code = isAPIError(returned) ? String((returned.body as { code?: string } | undefined)?.code) : '';
            // With the database away better-auth cannot check the password (the client gets 503): not the person's
            // failure. The attempt the before hook counted is given back, or an outage would lock everyone out.
            if (!(await db.available())) {
              await limiter.reward(budget.policy, { account: budget.keys.account });
              return;
            }
            if (code === 'INVALID_EMAIL_OR_PASSWORD') {
              // Unknown emails count too, so a lockout reveals nothing about which accounts exist.
              // The failure also counts against the client IP's failure budget (per-IP sign-ins count failures only).
              const { failures, lockedSeconds } = await limiter.recordFailure(budget.policy, budget.keys);
              await emit('user.signin_failed', { email, reason: 'invalid_credentials', ...defined(origin) });
              if (lockedSeconds > 0) await emit('user.locked', { email, failures, lockedSeconds, ...defined(origin) });
            } else if (code === 'EMAIL_NOT_VERIFIED') {
              await emit('user.signin_failed', { email, reason: 'not_verified', ...defined(origin) });
            } else if (code === 'BANNED_USER') {
              await emit('user.signin_failed', { email, reason: 'banned', ...defined(origin) });
            }
            return;
          }
          case '/magic-link/verify': {
            // A used magic link proves the mailbox, as a reset does: forget the account's failures and lift its lock.
            const email = ctx.context.newSession?.user.email;
            if (email) await limiter.resetAccount(email);
            return;
          }
          case '/change-password': {
            if (failed) return;
            const session = ctx.context.session ?? (await getSessionFromCtx(ctx).catch(() => null));
            const user = (returned as { user?: { id: string; email: string } } | undefined)?.user ?? session?.user;
            if (user) {
              await emit('user.password_changed', {
                userId: user.id,
                email: user.email,
                via: 'change',
                sessionsRevoked: body.revokeOtherSessions !== false,
              });
            }
            return;
          }
          case '/admin/set-role': {
            if (failed) return;
            const userId = String(body.userId ?? '');
            // Privilege change: every session of the user ends, so the new role applies from the next sign-in.
            await ctx.context.internalAdapter.deleteUserSessions(userId);
            const user = await ctx.context.internalAdapter.findUserById(userId);
            await emit('user.role_changed', {
              userId,
              email: user?.email ?? '',
              role: Array.isArray(body.role) ? body.role.join(',') : String(body.role ?? ''),
              ...defined({ by: ctx.context.session?.user.id }),
            });
            return;
          }
          case '/admin/ban-user': {
            if (failed) return;
            const userId = String(body.userId ?? '');
            const user = await ctx.context.internalAdapter.findUserById(userId);
            const banned = user as { banReason?: string | null; banExpires?: Date | null } | null;
            await emit('user.banned', {
              userId,
              email: user?.email ?? '',
              ...defined({
                reason: banned?.banReason ?? undefined,
                expiresAt: banned?.banExpires ? new Date(banned.banExpires).toISOString() : undefined,
                by: ctx.context.session?.user.id,
              }),
            });
            return;
          }
          case '/admin/unban-user': {
            if (failed) return;
            const userId = String(body.userId ?? '');
            const user = await ctx.context.internalAdapter.findUserById(userId);
            await emit('user.unbanned', {
              userId,
              email: user?.email ?? '',
              ...defined({ by: ctx.context.session?.user.id }),
            });
            return;
          }
          case '/admin/impersonate-user': {
            if (failed) return;
            await emit('user.impersonated', {
              userId: String(body.userId ?? ''),
              by: ctx.context.session?.user.id ?? '',
            });
            return;
          }
          case '/two-factor/enable':
          case '/two-factor/verify-totp': {
            if (failed || !ctx.context.session) return;
            if (ctx.path === '/two-factor/verify-totp') return;
            await emit('user.two_factor_enabled', { userId: ctx.context.session.user.id });
            return;
          }
          case '/two-factor/disable': {
            if (failed || !ctx.context.session) return;
            await emit('user.two_factor_disabled', { userId: ctx.context.session.user.id });
            return;
          }
          case '/unlink-account': {
            if (failed || !ctx.context.session) return;
            await emit('user.account_unlinked', {
              userId: ctx.context.session.user.id,
              providerId: String(body.providerId ?? ''),
            });
            return;
          }
          case '/update-user': {
            if (failed || !ctx.context.session) return;
            await emit('user.updated', {
              userId: ctx.context.session.user.id,
              fields: Object.keys(body).filter((key) => key !== 'callbackURL'),
            });
            return;
          }
          case '/verify-email': {
            // A confirmed email change ends every other session of the user (the confirming one stays).
            const changed = await endSessionsAfterEmailChange(ctx);
            if (changed) {
              const { sessionsRevoked: _revoked, ...event } = changed;
              await emit('user.email_changed', event);
            }
            // An email change whose address another account took meanwhile (409): like better-auth's own token
            // errors, a link with a callback URL sends the browser back there with `?error=<code>`.
            const code = isAPIError(returned) ? (returned.body as { code?: unknown } | undefined)?.code : undefined;
            const callbackURL = (ctx.query as { callbackURL?: unknown } | undefined)?.callbackURL;
            if (code !== 'AUTH_EMAIL_CHANGE_CONFLICT' || typeof callbackURL !== 'string') return;
            const [target = '', hash] = callbackURL.split('#', 2);
            const error = `${target.includes('?') ? '&' : '?'}error=${code}`;
            // A Response: an APIError redirect would keep the 409 status (better-call's toResponse).
            const location = `${target}${error}${hash === undefined ? '' : `#${hash}`}`;
            return new Response(null, { status: 302, headers: { location } });
          }
          default:
            return;
        }
      }),
    },
    plugins,
  });

  /**
   * A wrong current password behind a session (change password, 2FA set-up, account deletion) counts with the
   * sign-in failures of the account: the same threshold ends the session (a stolen cookie does not become the
   * password by trying), and `user.password_check_failed` lets audit record every one.
   */
  async function countPasswordFailure(
    ctx: SessionEndingContext,
    session: { user: { id: string; email: string }; session: { token: string } },
  ): Promise<void> {
    // A wrong password is only known while the database answers; an outage is nobody's failure.
    if (!(await db.available())) return;
    const origin = requestOrigin(ctx.headers);
    const email = session.user.email.toLowerCase();
    const { failures, lockedSeconds } = await limiter.recordFailure('sign-in', {
      account: email,
      ...(origin.ip === undefined ? {} : { ip: origin.ip }),
    });
    await emit('user.password_check_failed', {
      userId: session.user.id,
      email,
      path: ctx.path ?? '',
      failures,
      ...defined(origin),
    });
    if (lockedSeconds > 0) {
      await ctx.context.internalAdapter.deleteSession(session.session.token);
      deleteSessionCookie(ctx as never);
      await emit('user.locked', { email, failures, lockedSeconds, ...defined(origin) });
    }
  }

  /** Ends the caller's session when its account is locked by failed password checks (or sign-ins). */
  async function endSessionIfLocked(ctx: SessionEndingContext): Promise<void> {
    const session = await getSessionFromCtx(ctx as never).catch(() => null);
    if (!session) return;
    try {
      await limiter.check('sign-in', { account: session.user.email.toLowerCase() });
    } catch (error) {
      if (!isSDKError(error, 'RATE_LIMITED')) throw error;
      await ctx.context.internalAdapter.deleteSession(session.session.token);
      deleteSessionCookie(ctx as never);
      throw toApiError(authError('AUTH_SESSION_ENDED'));
    }
  }

  /** Moves a hash of an older format (better-auth's scrypt) to argon2id after a successful sign-in. */
  async function rehashIfLegacy(
    ctx: {
      context: {
        internalAdapter: {
          findUserByEmail: (email: string, options: { includeAccounts: boolean }) => Promise<unknown>;
          updatePassword: (userId: string, hash: string) => Promise<unknown>;
        };
      };
    },
    email: string,
    password: unknown,
  ): Promise<void> {
    if (typeof password !== 'string') return;
    try {
      const found = (await ctx.context.internalAdapter.findUserByEmail(email, { includeAccounts: true })) as {
        user: { id: string };
        accounts: { providerId: string; password?: string | null }[];
      } | null;
      const credential = found?.accounts.find((account) => account.providerId === 'credential');
      if (!found || !credential?.password || isCurrentHash(credential.password)) return;
      await ctx.context.internalAdapter.updatePassword(found.user.id, await hashPassword(password));
      logger.info({ userId: found.user.id }, 'password hash upgraded to argon2id');
    } catch (error) {
      logger.error({ err: error }, 'password rehash failed');
    }
  }
}

/**
 * Sessions are read sealed (row or cache entry): this after hook of every endpoint answers with their fields in
 * clear — get-session, list-sessions, the admin's list-user-sessions, impersonation, other plugins' session lists.
 * A plugin's hook runs after our `hooks.after` (which emits the events), so neither cuts the other short.
 */
function openSessionResponses(codec: SessionFieldCodec): BetterAuthPlugin {
  return {
    id: 'sv-sdk-session-fields',
    hooks: {
      after: [
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            if (isAPIError(returned) || returned instanceof Error || returned instanceof Response) return;
            const opened = codec.openResponse(returned);
            if (opened !== undefined) return ctx.json(opened);
          }),
        },
      ],
    },
  };
}

/** An auth page option: a same-origin absolute path (`/…`, not `//…`). */
function checkPagePath(option: string, page: string): string {
  if (safeRedirect(page, { fallback: '' }) !== page)
    throw new Error(`auth: ${option} must be a same-origin path such as '/login' (got '${page}')`);
  return page;
}

/** The endpoint context parts the session-ending helpers use. */
interface SessionEndingContext {
  path?: string;
  headers?: Headers;
  context: { internalAdapter: { deleteSession(token: string): Promise<unknown> } };
}

/** better-auth's error code of an APIError answer. */
function errorCode(error: APIError): string {
  return String((error.body as { code?: string } | undefined)?.code ?? '');
}

function invalidEmail(): APIError {
  return APIError.from('BAD_REQUEST', { code: 'INVALID_EMAIL', message: 'Invalid email' });
}

/**
 * The request's email, trimmed and lower-cased; a missing, malformed or over-long one (more than 254 characters,
 * RFC 5321) is `VALIDATION_FAILED` before anything runs.
 */
function validEmail(value: unknown): string {
  const email = lower(value);
  if (!email || email.length > MAX_EMAIL_LENGTH || !emailSchema.safeParse(email).success) throw invalidEmail();
  return email;
}

/** Drops undefined values (exactOptionalPropertyTypes-friendly event payloads). */
function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = item;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}

export type AuthInstance = ReturnType<typeof createAuth>;
export type AuthApi = AuthInstance['api'];
