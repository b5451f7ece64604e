import { fail, redirect, type ActionFailure } from '@sveltejs/kit';
import { z } from 'zod';
import { inputProblem } from '../auth/input-guard.ts';
import { safeRedirect } from '../security/sanitize.ts';
import { callAuthEndpoint, type AuthActionEvent } from './auth-endpoint.ts';
import type { AuthFormState, TwoFactorFormState } from './form-state.ts';
import { requireUser } from './guards.ts';
import { svSdkLocals } from './locals.ts';

/** Where the auth pages live; the defaults are the routes sv-sdk injects. */
export interface AuthRoutes {
  /** @default '/login' */
  login: string;
  /** Where a sign-in goes without `redirectTo`. @default '/' */
  afterLogin: string;
  /** @default '/verify-email' */
  verifyEmail: string;
  /** @default '/reset-password' */
  resetPassword: string;
  /** @default '/login/two-factor' */
  twoFactor: string;
  /** Where sign-out goes. @default '/' */
  afterLogout: string;
}

export const DEFAULT_AUTH_ROUTES: AuthRoutes = {
  login: '/login',
  afterLogin: '/',
  verifyEmail: '/verify-email',
  resetPassword: '/reset-password',
  twoFactor: '/login/two-factor',
  afterLogout: '/',
};

/** The API guard's rules for a field (no NUL, control characters or unpaired surrogates), as a field error. */
const clean = (field: string) => (value: string) => inputProblem(value, field) === undefined;
const email = z.string().trim().min(1, 'VALIDATION_FAILED').max(254, 'VALIDATION_FAILED').email('VALIDATION_FAILED');
// Long enough for any passphrase, short enough that hashing cannot be turned into a denial of service.
const password = z
  .string()
  .min(1, 'VALIDATION_FAILED')
  .max(1024, 'VALIDATION_FAILED')
  .refine(clean('password'), 'VALIDATION_FAILED');
const confirmPassword = z.string().max(1024).refine(clean('password'), 'VALIDATION_FAILED').optional();
const name = z
  .string()
  .trim()
  .min(1, 'VALIDATION_FAILED')
  .max(100, 'VALIDATION_FAILED')
  .refine(clean('name'), 'VALIDATION_FAILED');
const redirectTo = z.string().max(2048).refine(clean('redirectTo'), 'VALIDATION_FAILED').optional();
const checkbox = z.preprocess((value) => value === 'true' || value === 'on', z.boolean());

const schemas = {
  login: z.object({ email, password, remember: checkbox, redirectTo }),
  signup: z.object({ name, email, password }),
  email: z.object({ email }),
  reset: z
    .object({
      token: z.string().min(1).max(512).refine(clean('token'), 'VALIDATION_FAILED'),
      password,
      confirmPassword,
    })
    .refine((form) => form.confirmPassword === undefined || form.confirmPassword === form.password, {
      path: ['confirmPassword'],
      message: 'AUTH_PASSWORDS_DO_NOT_MATCH',
    }),
  profile: z.object({ name, email: email.optional() }),
  changePassword: z
    .object({
      currentPassword: password,
      newPassword: password,
      confirmPassword,
      revokeOtherSessions: checkbox,
    })
    .refine((form) => form.confirmPassword === undefined || form.confirmPassword === form.newPassword, {
      path: ['confirmPassword'],
      message: 'AUTH_PASSWORDS_DO_NOT_MATCH',
    }),
  session: z.object({ sessionId: z.string().min(1).max(256).refine(clean('sessionId'), 'VALIDATION_FAILED') }),
  deleteAccount: z.object({ password }),
  password: z.object({ password }),
  totpCode: z.object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'AUTH_TWO_FACTOR_INVALID'),
  }),
  twoFactor: z.object({
    // A TOTP code (6 digits) or a backup code (letters, digits and dashes).
    code: z
      .string()
      .trim()
      .min(6, 'AUTH_TWO_FACTOR_INVALID')
      .max(64, 'AUTH_TWO_FACTOR_INVALID')
      .regex(/^[A-Za-z0-9-]+$/, 'AUTH_TWO_FACTOR_INVALID'),
    method: z.enum(['totp', 'backup']).default('totp'),
    trustDevice: checkbox,
    redirectTo,
  }),
};

/** Enrolment kept server-side between "turn on" and the first code (10 minutes), keyed by the session. */
const ENROLMENT_TTL_SECONDS = 600;
const enrolmentKey = (sessionId: string) => `auth:2fa-enrolment:${sessionId}`;

interface PendingEnrolment {
  totpUri: string;
  backupCodes: string[];
}

function enrolmentOf(totpUri: string): { totpUri: string; secret?: string } {
  let secret: string | undefined;
  try {
    secret = new URL(totpUri).searchParams.get('secret') ?? undefined;
  } catch {
    secret = undefined;
  }
  return { totpUri, secret };
}

/** Fields put back into a form after an error: never a password or a token. */
const KEPT_FIELDS = new Set(['email', 'name', 'redirectTo']);

type Failure = ActionFailure<AuthFormState>;

async function parseForm<S extends z.ZodType>(
  event: AuthActionEvent,
  schema: S,
): Promise<{ data: z.output<S> } | { failure: Failure }> {
  const form = await event.request.formData().catch(() => undefined);
  const raw: Record<string, string> = {};
  for (const [key, value] of form ?? []) if (typeof value === 'string') raw[key] = value;
  const values = Object.fromEntries(Object.entries(raw).filter(([key]) => KEPT_FIELDS.has(key)));
  const result = schema.safeParse(raw);
  if (result.success) return { data: result.data };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    (fieldErrors[field] ??= []).push(/^[A-Z][A-Z0-9_]+$/.test(issue.message) ? issue.message : 'VALIDATION_FAILED');
  }
  return { failure: fail(400, { error: { code: 'VALIDATION_FAILED' }, fieldErrors, values }) };
}

/**
 * The form actions behind sv-sdk's auth pages. Each parses its form with zod, calls better-auth through the auth
 * service (rate limits, origin check and error codes included), and answers what `@sv-sdk/components`' forms
 * show: `fail(status, { error: { code }, fieldErrors, values })`, or a redirect.
 * @example
 * // src/routes/login/+page.server.ts
 * const auth = authActions();
 * export const actions = { default: auth.login, resend: auth.resendVerification };
 */
export function authActions(routes: Partial<AuthRoutes> = {}) {
  const paths = { ...DEFAULT_AUTH_ROUTES, ...routes };
  const absolute = (event: AuthActionEvent, path: string) => new URL(path, event.url).toString();

  return {
    /** Email + password sign-in; a 2FA account goes on to the two-factor page. */
    async login(event: AuthActionEvent): Promise<Failure> {
      const parsed = await parseForm(event, schemas.login);
      if ('failure' in parsed) return parsed.failure;
      const { email, password, remember, redirectTo } = parsed.data;
      const result = await callAuthEndpoint<{ twoFactorRedirect?: boolean }>(event, 'POST', '/sign-in/email', {
        email,
        password,
        rememberMe: remember,
      });
      if (!result.ok) return fail(result.status, { error: result.error, values: { email, redirectTo } });
      const target = safeRedirect(redirectTo, { fallback: paths.afterLogin });
      if (result.data?.twoFactorRedirect) redirect(303, `${paths.twoFactor}?redirectTo=${encodeURIComponent(target)}`);
      redirect(303, target);
    },

    /**
     * Second step of a sign-in with two-factor authentication: a TOTP code, or a backup code (`method=backup`).
     * better-auth's two-factor cookie from the first step says which sign-in this completes.
     */
    async verifyTwoFactor(event: AuthActionEvent): Promise<Failure> {
      const parsed = await parseForm(event, schemas.twoFactor);
      if ('failure' in parsed) return parsed.failure;
      const { code, method, trustDevice, redirectTo } = parsed.data;
      const path = method === 'backup' ? '/two-factor/verify-backup-code' : '/two-factor/verify-totp';
      const result = await callAuthEndpoint(event, 'POST', path, { code, trustDevice });
      if (!result.ok) return fail(result.status, { error: result.error, values: { redirectTo } });
      redirect(303, safeRedirect(redirectTo, { fallback: paths.afterLogin }));
    },

    /**
     * Sign-up. With email verification (the default) the answer is the same whether or not the email already has an
     * account (no enumeration) and the person goes on to "check your email"; without it the new account is signed in
     * and lands where a sign-in does.
     */
    async signup(event: AuthActionEvent): Promise<Failure> {
      const parsed = await parseForm(event, schemas.signup);
      if ('failure' in parsed) return parsed.failure;
      const { name, email, password } = parsed.data;
      const result = await callAuthEndpoint(event, 'POST', '/sign-up/email', {
        name,
        email,
        password,
        callbackURL: absolute(event, `${paths.verifyEmail}?verified=1`),
      });
      if (!result.ok) return fail(result.status, { error: result.error, values: { name, email } });
      const auth = svSdkLocals(event.locals).sdk.service('auth');
      if (event.cookies.get(auth.sessionCookieName) !== undefined) redirect(303, paths.afterLogin);
      redirect(303, `${paths.verifyEmail}?email=${encodeURIComponent(email)}`);
    },

    /** Sends the verification email again; always answers success (no enumeration). */
    async resendVerification(event: AuthActionEvent): Promise<Failure | AuthFormState> {
      const parsed = await parseForm(event, schemas.email);
      if ('failure' in parsed) return parsed.failure;
      const result = await callAuthEndpoint(event, 'POST', '/send-verification-email', {
        email: parsed.data.email,
        callbackURL: absolute(event, `${paths.verifyEmail}?verified=1`),
      });
      if (!result.ok && result.status === 429) return fail(429, { error: result.error });
      return { success: true, values: { email: parsed.data.email } };
    },

    /** Sends a reset link when the account exists; always answers success (no enumeration). */
    async requestPasswordReset(event: AuthActionEvent): Promise<Failure | AuthFormState> {
      const parsed = await parseForm(event, schemas.email);
      if ('failure' in parsed) return parsed.failure;
      const result = await callAuthEndpoint(event, 'POST', '/request-password-reset', {
        email: parsed.data.email,
        redirectTo: absolute(event, paths.resetPassword),
      });
      if (!result.ok && result.status === 429) return fail(429, { error: result.error });
      return { success: true, values: { email: parsed.data.email } };
    },

    /** Sets a new password with a reset token; every session of the account is revoked. */
    async resetPassword(event: AuthActionEvent): Promise<Failure> {
      const parsed = await parseForm(event, schemas.reset);
      if ('failure' in parsed) return parsed.failure;
      const result = await callAuthEndpoint(event, 'POST', '/reset-password', {
        token: parsed.data.token,
        newPassword: parsed.data.password,
      });
      if (!result.ok) return fail(result.status, { error: result.error });
      redirect(303, `${paths.login}?reset=1`);
    },

    async logout(event: AuthActionEvent): Promise<Failure> {
      const result = await callAuthEndpoint(event, 'POST', '/sign-out', {});
      if (!result.ok && result.status !== 401) return fail(result.status, { error: result.error });
      redirect(303, paths.afterLogout);
    },

    /** Profile: the name now; a new email is changed only once the new address is verified. */
    async updateProfile(event: AuthActionEvent): Promise<Failure | AuthFormState> {
      const { user } = requireUser(event, { loginPath: paths.login });
      const parsed = await parseForm(event, schemas.profile);
      if ('failure' in parsed) return parsed.failure;
      const { name, email } = parsed.data;
      if (name !== user.name) {
        const result = await callAuthEndpoint(event, 'POST', '/update-user', { name });
        if (!result.ok) return fail(result.status, { error: result.error, values: { name, email } });
        // The handle resolved the user before this action ran; the loads that follow should see the new name.
        user.name = name;
      }
      if (email !== undefined && email.toLowerCase() !== user.email.toLowerCase()) {
        const result = await callAuthEndpoint(event, 'POST', '/change-email', {
          newEmail: email,
          callbackURL: absolute(event, `${paths.verifyEmail}?changed=1`),
        });
        if (!result.ok) return fail(result.status, { error: result.error, values: { name, email } });
      }
      return { success: true, values: { name, email: email ?? user.email } };
    },

    /** Change password: the current password is required (re-authentication). */
    async changePassword(event: AuthActionEvent): Promise<Failure | AuthFormState> {
      requireUser(event, { loginPath: paths.login });
      const parsed = await parseForm(event, schemas.changePassword);
      if ('failure' in parsed) return parsed.failure;
      const result = await callAuthEndpoint(event, 'POST', '/change-password', {
        currentPassword: parsed.data.currentPassword,
        newPassword: parsed.data.newPassword,
        revokeOtherSessions: parsed.data.revokeOtherSessions,
      });
      if (!result.ok) return fail(result.status, { error: result.error });
      return { success: true };
    },

    /**
     * Deletes the signed-in user's account after a password check: a soft delete (restorable during
     * ACCOUNT_DELETION_GRACE_DAYS, then anonymised); every session ends.
     */
    async deleteAccount(event: AuthActionEvent): Promise<Failure> {
      requireUser(event, { loginPath: paths.login });
      const parsed = await parseForm(event, schemas.deleteAccount);
      if ('failure' in parsed) return parsed.failure;
      const result = await callAuthEndpoint(event, 'POST', '/delete-user', { password: parsed.data.password });
      if (!result.ok) return fail(result.status, { error: result.error });
      redirect(303, paths.afterLogout);
    },

    /**
     * Starts two-factor enrolment (password required): answers the authenticator URI and secret to show. The backup
     * codes stay on the server until the first code is verified, then are answered once.
     */
    async enableTwoFactor(event: AuthActionEvent): Promise<ActionFailure<TwoFactorFormState> | TwoFactorFormState> {
      const { session } = requireUser(event, { loginPath: paths.login });
      const parsed = await parseForm(event, schemas.password);
      if ('failure' in parsed) return parsed.failure;
      const result = await callAuthEndpoint<{ totpURI: string; backupCodes: string[] }>(
        event,
        'POST',
        '/two-factor/enable',
        { password: parsed.data.password },
      );
      if (!result.ok) return fail(result.status, { error: result.error });
      const pending: PendingEnrolment = { totpUri: result.data.totpURI, backupCodes: result.data.backupCodes };
      await svSdkLocals(event.locals).sdk.cache.set(enrolmentKey(session.id), pending, ENROLMENT_TTL_SECONDS);
      return { enrolment: enrolmentOf(pending.totpUri) };
    },

    /** Checks the first code of an enrolment, which turns two-factor on; answers the backup codes once. */
    async verifyTwoFactorSetup(
      event: AuthActionEvent,
    ): Promise<ActionFailure<TwoFactorFormState> | TwoFactorFormState> {
      const { session } = requireUser(event, { loginPath: paths.login });
      const cache = svSdkLocals(event.locals).sdk.cache;
      const pending = await cache.get<PendingEnrolment>(enrolmentKey(session.id));
      const enrolment = pending ? enrolmentOf(pending.totpUri) : null;
      const parsed = await parseForm(event, schemas.totpCode);
      if ('failure' in parsed) return fail(400, { ...parsed.failure.data, enrolment });
      const result = await callAuthEndpoint(event, 'POST', '/two-factor/verify-totp', { code: parsed.data.code });
      if (!result.ok) return fail(result.status, { error: result.error, enrolment });
      await cache.delete(enrolmentKey(session.id));
      return { success: true, backupCodes: pending?.backupCodes ?? [] };
    },

    /** Turns two-factor off (password required). */
    async disableTwoFactor(event: AuthActionEvent): Promise<Failure | AuthFormState> {
      requireUser(event, { loginPath: paths.login });
      const parsed = await parseForm(event, schemas.password);
      if ('failure' in parsed) return parsed.failure;
      const result = await callAuthEndpoint(event, 'POST', '/two-factor/disable', { password: parsed.data.password });
      if (!result.ok) return fail(result.status, { error: result.error });
      return { success: true };
    },

    /** Revokes one of the user's own sessions, by id (session tokens never reach the page). */
    async revokeSession(event: AuthActionEvent): Promise<Failure | AuthFormState> {
      requireUser(event, { loginPath: paths.login });
      const parsed = await parseForm(event, schemas.session);
      if ('failure' in parsed) return parsed.failure;
      // By id: the endpoint revokes only the caller's own sessions; someone else's id, or one already gone, gets
      // the same answer, so ids cannot be probed.
      const result = await callAuthEndpoint(event, 'POST', '/revoke-session', { id: parsed.data.sessionId });
      if (!result.ok) return fail(result.status, { error: result.error });
      return { success: true };
    },

    async revokeOtherSessions(event: AuthActionEvent): Promise<Failure | AuthFormState> {
      requireUser(event, { loginPath: paths.login });
      const result = await callAuthEndpoint(event, 'POST', '/revoke-other-sessions', {});
      if (!result.ok) return fail(result.status, { error: result.error });
      return { success: true };
    },
  };
}

/** A session as list-sessions answers it (no token: see `auth/session-tokens.ts`). */
interface SessionRow {
  id: string;
  userAgent?: string | null;
  ipAddress?: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
}

/** One of the user's sessions as a page may show it: no token. */
export interface SessionSummary {
  id: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: string;
  lastActiveAt: string;
  current: boolean;
}

/** The signed-in user's sessions for a profile page (`load`), newest activity first, without their tokens. */
export async function listOwnSessions(event: AuthActionEvent): Promise<SessionSummary[]> {
  requireUser(event);
  const current = svSdkLocals(event.locals).session?.id;
  const result = await callAuthEndpoint<SessionRow[]>(event, 'GET', '/list-sessions');
  if (!result.ok) return [];
  return result.data
    .map((session) => ({
      id: session.id,
      userAgent: session.userAgent ?? null,
      ipAddress: session.ipAddress ?? null,
      createdAt: session.createdAt,
      lastActiveAt: session.updatedAt,
      current: session.id === current,
    }))
    .sort((a, b) => b.lastActiveAt.localeCompare(a.lastActiveAt));
}
