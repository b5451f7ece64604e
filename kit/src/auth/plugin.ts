import { randomBytes } from 'node:crypto';
import { generateId } from 'better-auth';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { parseConfig } from '../core/config.ts';
import { sdkError } from '../core/errors.ts';
import type { PluginContext, ServerPlugin } from '../core/plugin.ts';
import { defineSeed } from '../db/seed.ts';
import { defineJob } from '../jobs/define.ts';
import { authConfigSchema, type AuthConfig } from './config.ts';
import { AUTH_BASE_PATH, createAuth, type AuthInstance } from './create-auth.ts';
import { toAuthError } from './error-codes.ts';
import { wrapHandler } from './handler.ts';
import { hashPassword } from './password-hash.ts';
import { account, user } from './schema.ts';
import { cacheSecondaryStorage } from './secondary-storage.ts';
import { createSessionFieldCodec } from './session-fields.ts';
import { publicOriginError, resolvePublicOrigin } from './public-origin.ts';
import { createSessionLookup } from './session.ts';
import type { AdminGate, AuthPluginOptions, AuthService, AuthSession } from './types.ts';
import { createUserService } from './users.ts';
import { AUTH_ROUTES } from './routes.ts';

/** The job that anonymises a deleted account once its grace period is over. */
export const ANONYMISE_JOB_NAME = 'auth.anonymise-user';
const MAX_JOB_DELAY_MS = 20 * 86_400_000;

/**
 * The `auth` server plugin: better-auth (email + password, verification, reset, sessions, OAuth, admin, 2FA, magic
 * link) on our database, session cache, password policy, rate limits and event bus. Provides the `auth` service.
 * @example
 * const sdk = await createSDK({ plugins: [securityPlugin(), authPlugin({ socialProviders: { github: { clientId, clientSecret } } })] });
 * const session = await sdk.service('auth').getSession(request.headers);
 */
export function authPlugin(options: AuthPluginOptions = {}): ServerPlugin<AuthConfig> {
  let config: AuthConfig | undefined;

  const adminSeed = defineSeed({
    name: 'auth.admin-user',
    async run({ tx, logger }) {
      const email = (config?.SV_SDK_ADMIN_EMAIL ?? 'admin@example.com').toLowerCase();
      const [existing] = await tx
        .select({ id: user.id, role: user.role, emailVerified: user.emailVerified })
        .from(user)
        .where(eq(user.email, email))
        .limit(1);
      if (existing) {
        // Idempotent: keep the password, make sure the role and verification are right (a second run writes nothing).
        if (!existing.role || existing.role === 'user' || !existing.emailVerified) {
          await tx.update(user).set({ role: 'admin', emailVerified: true }).where(eq(user.id, existing.id));
        }
        return;
      }
      const generated = !config?.SV_SDK_ADMIN_PASSWORD;
      const password = config?.SV_SDK_ADMIN_PASSWORD ?? randomBytes(18).toString('base64url');
      const id = generateId();
      const now = new Date();
      await tx
        .insert(user)
        .values({ id, name: 'Admin', email, emailVerified: true, role: 'admin', createdAt: now, updatedAt: now });
      await tx.insert(account).values({
        id: generateId(),
        accountId: id,
        providerId: 'credential',
        userId: id,
        password: await hashPassword(password),
        createdAt: now,
        updatedAt: now,
      });
      logger?.info({ email }, 'admin user created');
      if (generated) {
        // Printed once, here, and never stored in clear: there is no well-known default password.
        process.stdout.write(
          `\n[sv-sdk] Admin user created: ${email}\n[sv-sdk] Generated password (shown once, change it after signing in): ${password}\n\n`,
        );
      }
    },
  });

  const reconcileEveryMs = options.reconcileIntervalMs ?? 3_600_000;
  let reconcileTimer: NodeJS.Timeout | undefined;
  let reconciling: Promise<void> | undefined;
  /** Set in setup; the reconciler of `start` uses it. */
  let userService: ReturnType<typeof createUserService> | undefined;
  return {
    name: 'auth',
    routes: options.routes === false ? [] : AUTH_ROUTES,
    dependsOn: ['db', 'cache', 'security', 'jobs'],
    config: authConfigSchema,
    seeds: [adminSeed],
    async setup(ctx: PluginContext<AuthConfig>) {
      config = parseConfig(authConfigSchema, {}, { ...(ctx.pluginConfig ?? {}) }, 'auth');
      const production = ctx.config.NODE_ENV === 'production';
      const db = ctx.use('db');
      const cache = ctx.use('cache');
      const security = ctx.use('security');
      const jobs = ctx.use('jobs');

      let secret = config.BETTER_AUTH_SECRET ?? config.AUTH_SECRET;
      if (!secret) {
        if (production) {
          throw sdkError('CONFIG_INVALID', {
            message:
              '[sv-sdk] [auth] Invalid configuration:\n  - BETTER_AUTH_SECRET: required in production, at least 32 random characters (openssl rand -base64 32)',
            details: { problems: [{ variable: 'BETTER_AUTH_SECRET', expected: 'required in production' }] },
          });
        }
        secret = randomBytes(32).toString('base64url');
        if (ctx.config.NODE_ENV !== 'test')
          ctx.logger.warn(
            'BETTER_AUTH_SECRET is not set: using a random secret, sessions end when the process restarts.',
          );
      }
      const publicOrigin = resolvePublicOrigin(config, production);
      if (publicOrigin.problems.length > 0) {
        if (production) throw publicOriginError(publicOrigin.problems);
        for (const problem of publicOrigin.problems) ctx.logger.warn(`${problem.variable} ${problem.expected}`);
      }
      const baseURL = publicOrigin.baseURL;
      const resolved = config;

      // Set once better-auth is built below; only called after that (user service operations).
      const holder: { auth?: AuthInstance } = {};
      const revokeSessions = async (userId: string) => {
        const context = await (holder.auth as AuthInstance).$context;
        await context.internalAdapter.deleteUserSessions(userId);
      };

      const anonymiseJob = defineJob({
        name: ANONYMISE_JOB_NAME,
        schema: z.object({ userId: z.string().min(1).max(200) }),
        attempts: 5,
        handler: async ({ userId }) => {
          if (await users.anonymise(userId)) return;
          // Not due yet (delays are capped, see below) and still deleted: come back when it is.
          const current = await users.getById(userId);
          if (!current?.deletedAt || current.email.endsWith('@anonymised.invalid')) return;
          const dueAt = new Date(current.deletedAt).getTime() + resolved.ACCOUNT_DELETION_GRACE_DAYS * 86_400_000;
          await schedule(userId, Math.max(0, dueAt - Date.now()));
        },
      });
      jobs.register(anonymiseJob);

      // Job delays are capped (the queues store them as 32-bit milliseconds, ~24 days): a longer grace period is
      // covered by the job re-scheduling itself until the account is due.
      const schedule = async (userId: string, delayMs: number) => {
        await jobs.enqueue(
          anonymiseJob,
          { userId },
          { delayMs: Math.min(delayMs, MAX_JOB_DELAY_MS), idempotencyKey: `anonymise:${userId}:${Date.now()}` },
        );
      };
      const users = createUserService({
        db,
        cache,
        events: ctx.events,
        graceDays: () => resolved.ACCOUNT_DELETION_GRACE_DAYS,
        revokeSessions,
        scheduleAnonymise: (userId, delayMs) => schedule(userId, delayMs),
        deletionGuards: () => deletionGuards,
      });
      userService = users;

      const sessionFields = createSessionFieldCodec(security.encryption, ctx.logger);
      let adminGate: AdminGate | undefined;
      const deletionGuards: ((userId: string) => Promise<void>)[] = [];
      const instance = createAuth({
        config: resolved,
        core: ctx.config,
        secret,
        baseURL,
        db,
        cache,
        security,
        events: ctx.events,
        logger: ctx.logger,
        options,
        softDelete: async (userId, by) => {
          await users.softDelete(userId, { by });
        },
        onUserChanged: (userId, email) => users.invalidate(userId, email),
        sessionFields,
        adminGate: () => adminGate,
      });
      holder.auth = instance;
      const context = await instance.$context;
      const sessionCookie = context.authCookies.sessionToken.name;
      const plainName = sessionCookie.replace(/^__Secure-/, '');
      const lookup = createSessionLookup({
        db,
        storage: cacheSecondaryStorage(cache),
        cookieNames: sessionCookie === plainName ? [plainName] : [sessionCookie, plainName],
        secret: context.secret,
        expiresInSeconds: resolved.SESSION_MAX_AGE,
        updateAgeSeconds: resolved.SESSION_UPDATE_AGE,
        openSession: sessionFields.enabled ? sessionFields.open : undefined,
        slowPath: async (headers) => {
          const found = (await instance.api.getSession({ headers })) as
            (AuthSession & { session: { token?: string } }) | null;
          if (!found) return null;
          const { token: _token, ...record } = found.session;
          return { user: found.user, session: record };
        },
      });

      const service: AuthService = {
        api: instance.api,
        instance,
        basePath: AUTH_BASE_PATH,
        handler: wrapHandler((request) => instance.handler(request), ctx.logger, {
          databaseAvailable: () => db.available(),
        }),
        getSession: lookup,
        toError: toAuthError,
        users,
        sessionCookieName: sessionCookie,
        trustedOrigins: [new URL(baseURL).origin, ...splitOrigins(resolved.TRUSTED_ORIGINS)],
        addDeletionGuard(guard) {
          deletionGuards.push(guard);
        },
        setAdminGate(gate) {
          if (adminGate) throw new Error('The admin gate of the auth service is already set.');
          adminGate = gate;
        },
      };
      ctx.provide('auth', service);
    },
    start(ctx: PluginContext<AuthConfig>) {
      // Every plugin is set up now, so a plugin that delivers mail (the email plugin, or the app's own) listens.
      const production = ctx.config.NODE_ENV === 'production';
      const delivered = ctx.events.listenerCount('user.verification_requested') > 0;
      if (production && config?.AUTH_REQUIRE_EMAIL_VERIFICATION && !delivered) throw undeliverableVerification();
      if (production && ctx.events.listenerCount('user.password_reset_requested') === 0) {
        ctx.logger.warn('Nothing delivers password reset mails (no listener of user.password_reset_requested).');
      }
      if (ctx.config.JOBS_WORKER && reconcileEveryMs > 0) {
        // Accounts past their grace period that were never anonymised (their job lost before the outbox existed, or
        // dead-lettered): workers look for them at start and then every interval. Anonymising is idempotent, so
        // several workers doing it at once is harmless.
        const service = userService;
        const reconcile = () => {
          if (!service) return;
          reconciling ??= service
            .anonymiseDue()
            .then((count) => {
              if (count > 0)
                ctx.logger.info({ accounts: count }, 'anonymised deleted accounts past their grace period');
            })
            .catch((error: unknown) =>
              ctx.logger.warn({ err: error }, 'the anonymise reconciler failed; it runs again'),
            )
            .finally(() => {
              reconciling = undefined;
            });
        };
        reconcileTimer = setInterval(reconcile, reconcileEveryMs);
        reconcileTimer.unref();
        setImmediate(reconcile);
      }
    },
    async stop() {
      clearInterval(reconcileTimer);
      reconcileTimer = undefined;
      await reconciling;
    },
  };
}

/**
 * With verification required, an account whose mail never arrives can never sign in: refuse a production start
 * that has no way to deliver it, and say which setting to change.
 */
function undeliverableVerification() {
  const expected =
    'on, but nothing delivers the verification mail (no plugin listens to user.verification_requested): add a ' +
    'plugin that sends mail (the email plugin, or your own listener), or set AUTH_REQUIRE_EMAIL_VERIFICATION=false';
  return sdkError('CONFIG_INVALID', {
    message: `[sv-sdk] [auth] Invalid configuration:\n  - AUTH_REQUIRE_EMAIL_VERIFICATION: ${expected}`,
    details: { problems: [{ variable: 'AUTH_REQUIRE_EMAIL_VERIFICATION', expected }] },
  });
}

function splitOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}
