import { isActionFailure, isHttpError, isRedirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BASE_URL,
  createAuthHarness,
  PASSWORD,
  sessionCookieValue,
  signedUpUser,
  type AuthHarness,
} from '../auth/fixtures/harness.ts';
import { totpFromUri } from '../auth/fixtures/totp.ts';
import { session } from '../auth/schema.ts';
import { AUTH_CACHE_PREFIX } from '../auth/secondary-storage.ts';
import { authActions, listOwnSessions } from './auth-actions.ts';
import { requireUser, requireVerified } from './guards.ts';
import { svSdkHandle } from './handle.ts';
import { svSdkLocals } from './locals.ts';

/** An in-memory cookie jar with SvelteKit's `Cookies` API (what the actions read and write). */
function cookieJar(initial = ''): Cookies & { header(): string; sets: CookieSet[] } {
  const jar = new Map<string, string>();
  const sets: CookieSet[] = [];
  // Like SvelteKit's: values are kept decoded, and set cookies are visible to get/getAll in the same request.
  for (const part of initial.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name) jar.set(name, decodeURIComponent(rest.join('=')));
  }
  const cookies = {
    get: (name: string) => jar.get(name),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    set(name: string, value: string, options: CookieSet['options']) {
      sets.push({ name, value, options });
      if (options.maxAge === 0 || value === '') jar.delete(name);
      else jar.set(name, value);
    },
    delete: (name: string) => void jar.delete(name),
    serialize: () => '',
    header: () => [...jar].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; '),
    sets,
  };
  return cookies as unknown as Cookies & { header(): string; sets: CookieSet[] };
}

interface CookieSet {
  name: string;
  value: string;
  options: { maxAge?: number; path?: string; httpOnly?: boolean; secure?: boolean; sameSite?: string };
}

interface FakeEventOptions {
  method?: string;
  headers?: Record<string, string>;
  form?: Record<string, string>;
  cookie?: string;
  ip?: string;
}

function fakeEvent(path: string, options: FakeEventOptions = {}) {
  const url = new URL(path, BASE_URL);
  const headers = new Headers({ 'user-agent': 'vitest-browser/1.0', ...options.headers });
  if (options.cookie) headers.set('cookie', options.cookie);
  const method = options.method ?? (options.form ? 'POST' : 'GET');
  if (method !== 'GET' && !headers.has('origin')) headers.set('origin', BASE_URL);
  const request = new Request(url, {
    method,
    headers,
    body: options.form ? new URLSearchParams(options.form) : undefined,
  });
  const cookies = cookieJar(options.cookie);
  const event = {
    url,
    request,
    cookies,
    locals: {},
    getClientAddress: () => options.ip ?? '203.0.113.50',
  };
  return { event, cookies, asRequestEvent: event as unknown as RequestEvent };
}

const okPage = () => new Response('<!doctype html><p>page</p>', { headers: { 'content-type': 'text/html' } });

describe('SvelteKit glue', () => {
  let h: AuthHarness;
  let handle: ReturnType<typeof svSdkHandle>;
  beforeAll(async () => {
    h = await createAuthHarness();
    handle = svSdkHandle({ sdk: h.sdk });
  });
  afterAll(() => h?.close());

  /** Runs the handle, then (like a route) the given function inside `resolve`. */
  async function through(
    path: string,
    options: FakeEventOptions & { route?: (event: RequestEvent) => Promise<Response> | Response } = {},
  ) {
    const fake = fakeEvent(path, options);
    let resolved = false;
    const response = await handle({
      event: fake.asRequestEvent,
      resolve: async (event) => {
        resolved = true;
        return options.route ? options.route(event) : okPage();
      },
    });
    return { response, resolved, locals: svSdkLocals(fake.event.locals), cookies: fake.cookies };
  }

  describe('handle', () => {
    it('gives every response a request id and the security headers; a visitor has no user', async () => {
      const { response, resolved, locals } = await through('/');
      expect(resolved).toBe(true);
      expect(locals.user).toBeNull();
      expect(locals.clientIp).toBe('203.0.113.50');
      expect(response.headers.get('x-request-id')).toBe(locals.requestId);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toBeNull(); // not in test/dev
      expect(response.headers.get('content-security-policy')).toBeNull(); // pages: SvelteKit's csp option
    });

    it('keeps a well-formed incoming request id and replaces one that could inject into logs', async () => {
      const kept = await through('/', { headers: { 'x-request-id': 'lb-7f3a.2' } });
      expect(kept.response.headers.get('x-request-id')).toBe('lb-7f3a.2');
      const replaced = await through('/', { headers: { 'x-request-id': 'a" level="fatal' } });
      const tooLong = await through('/', { headers: { 'x-request-id': 'x'.repeat(129) } });
      expect(tooLong.response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(replaced.response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers /api/auth itself (the route is never resolved) with the API headers', async () => {
      const { response, resolved } = await through('/api/auth/get-session');
      expect(resolved).toBe(false);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    });

    it('refuses a cross-site mutating request before it reaches better-auth or a route', async () => {
      const api = await through('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
        cookie: 'x=1',
      });
      expect(api.response.status).toBe(403);
      expect(((await api.response.json()) as { error: { code: string } }).error.code).toBe('CSRF_FAILED');
      const form = await through('/profile', {
        form: { name: 'x' },
        headers: { origin: 'https://evil.example' },
        cookie: 'x=1',
      });
      expect(form.resolved).toBe(false);
      expect(form.response.status).toBe(403);
    });

    it('puts the signed-in user and session on locals, without the session token', async () => {
      const { cookie, userId } = await signedUpUser(h, 'locals@example.com');
      const { locals } = await through('/', { cookie });
      expect(locals.user).toMatchObject({ id: userId, email: 'locals@example.com', emailVerified: true });
      expect(locals.session?.userId).toBe(userId);
      expect(locals.session).not.toHaveProperty('token');
      expect(JSON.stringify(locals.session)).not.toContain(cookie.split('=')[1]?.split('.')[0] ?? '§');
    });

    it('a session renewed inside the handle sets its cookie on the response (the cookie bridge)', async () => {
      const { cookie, userId } = await signedUpUser(h, 'renewal@example.com');
      const token = sessionCookieValue(cookie);
      // Due for its sliding renewal, and not in the cache: getSession goes through better-auth, which renews it.
      await h.sdk.db.drizzle
        .update(session)
        .set({ expiresAt: new Date(Date.now() + 60_000) })
        .where(eq(session.userId, userId));
      await h.sdk.cache.delete(AUTH_CACHE_PREFIX + token.split('.')[0]);

      const { locals, cookies } = await through('/', { cookie });
      expect(locals.user?.id).toBe(userId);
      const renewed = cookies.sets.filter((set) => set.name.endsWith('session_token'));
      expect(renewed).toHaveLength(1);
      expect(renewed[0]).toMatchObject({ value: token, options: { path: '/', httpOnly: true, sameSite: 'lax' } });
      expect(renewed[0]?.options.maxAge).toBeGreaterThan(3600);
      const [row] = await h.sdk.db.drizzle
        .select()
        .from(session)
        .where(eq(session.token, token.split('.')[0] ?? ''));
      expect(row?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3_600_000);

      // Not due: nothing is set. Through auth.handler (/api/auth) the response carries the cookie: nothing is copied.
      expect((await through('/', { cookie })).cookies.sets).toEqual([]);
      const api = await through('/api/auth/get-session', { cookie });
      expect(api.response.status).toBe(200);
      expect(api.cookies.sets).toEqual([]);
    });
  });

  describe('responses that depend on the session', () => {
    it('are Cache-Control: private, no-store (pages of a signed-in person and every auth answer); others untouched', async () => {
      const { cookie } = await signedUpUser(h, 'cache@example.com');
      const cached = () =>
        new Response('<p>profile</p>', {
          headers: { 'content-type': 'text/html', 'cache-control': 'public, max-age=60' },
        });
      const signedIn = await through('/profile', { cookie, route: cached });
      expect(signedIn.response.headers.get('cache-control')).toBe('private, no-store');
      const visitor = await through('/about', { route: cached });
      expect(visitor.response.headers.get('cache-control')).toBe('public, max-age=60');
      const sessions = await through('/api/auth/list-sessions', { cookie });
      expect(sessions.response.status).toBe(200);
      expect(sessions.response.headers.get('cache-control')).toBe('private, no-store');
    });

    it('a session cookie that is no longer a session sends a navigation to sign in with reason=session-ended', async () => {
      const { cookie } = await signedUpUser(h, 'ended@example.com');
      const signOut = await h.call('/sign-out', { body: {}, cookie });
      expect(signOut.status).toBe(200);
      // The open tab still sends the old cookie; a client-side navigation asks for the page's data.
      let thrown: unknown;
      const data = await through('/profile', {
        cookie,
        route: (event) => {
          thrown = catchThrown(() => requireUser(Object.assign(event, { isDataRequest: true })));
          return okPage();
        },
      });
      expect(data.locals.sessionEnded).toBe(true);
      expect(isRedirect(thrown) && thrown.location).toBe('/login?redirectTo=%2Fprofile&reason=session-ended');
      // A visitor without any cookie is simply sent to sign in.
      const visitor = fakeEvent('/profile');
      Object.assign(visitor.event.locals, { user: null, session: null, sessionEnded: false });
      const plain = catchThrown(() => requireUser({ ...visitor.event, isDataRequest: true }));
      expect(isRedirect(plain) && plain.location).toBe('/login?redirectTo=%2Fprofile');
    });
  });

  describe('guards', () => {
    it('send a page visitor to sign in (with the way back) and answer other requests 401', async () => {
      const page = fakeEvent('/account?tab=1', { headers: { accept: 'text/html' } });
      Object.assign(page.event.locals, { user: null, session: null });
      const redirect = catchThrown(() => requireUser(page.event));
      expect(isRedirect(redirect) && redirect.location).toBe('/login?redirectTo=%2Faccount%3Ftab%3D1');

      const api = fakeEvent('/api/thing', { method: 'POST' });
      Object.assign(api.event.locals, { user: null, session: null });
      const denied = catchThrown(() => requireUser(api.event));
      expect(isHttpError(denied, 401) && denied.body).toMatchObject({ code: 'AUTH_UNAUTHENTICATED' });
    });

    it('requireVerified refuses an unverified user', async () => {
      const api = fakeEvent('/api/thing', { method: 'POST' });
      Object.assign(api.event.locals, {
        user: { id: 'u', email: 'a@example.com', name: 'A', emailVerified: false },
        session: { id: 's', userId: 'u' },
      });
      const denied = catchThrown(() => requireVerified(api.event));
      expect(isHttpError(denied, 403) && denied.body).toMatchObject({ code: 'AUTH_EMAIL_NOT_VERIFIED' });
    });
  });

  describe('auth form actions', () => {
    const auth = authActions();

    it('a malformed form gets VALIDATION_FAILED with the field, and the email back but never the password', async () => {
      const { response, locals } = await through('/login', {
        form: { email: 'not-an-email', password: 'secret-value' },
        route: async (event) => Response.json(await auth.login(event)),
      });
      const failure = (await response.json()) as { status: number; data: Record<string, unknown> };
      expect(failure.status).toBe(400);
      expect(failure.data).toMatchObject({
        error: { code: 'VALIDATION_FAILED' },
        fieldErrors: { email: ['VALIDATION_FAILED'] },
        values: { email: 'not-an-email' },
      });
      expect(JSON.stringify(failure)).not.toContain('secret-value');
      expect(locals.user).toBeNull();
    });

    it('signs in with cookies set on the response and goes to a safe redirect target only', async () => {
      await signedUpUser(h, 'form-login@example.com');
      let thrown: unknown;
      const { cookies } = await through('/login', {
        form: { email: 'form-login@example.com', password: PASSWORD, redirectTo: '//evil.example/x' },
        ip: '203.0.113.60',
        route: async (event) => {
          thrown = await auth.login(event).catch((error: unknown) => error);
          return okPage();
        },
      });
      expect(isRedirect(thrown) && thrown.location).toBe('/');
      const session = await h.auth.getSession(new Headers({ cookie: cookies.header() }));
      expect(session?.user.email).toBe('form-login@example.com');
    });

    it('a wrong password fails with the stable code and the status better-auth chose', async () => {
      await signedUpUser(h, 'form-wrong@example.com');
      const { response } = await through('/login', {
        form: { email: 'form-wrong@example.com', password: 'wrong-password-entirely' },
        ip: '203.0.113.61',
        route: async (event) => Response.json(await auth.login(event)),
      });
      const failure = (await response.json()) as { status: number; data: { error: { code: string } } };
      expect(failure.status).toBe(401);
      expect(failure.data.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    });

    it('a two-factor account goes on to the second step, which a TOTP code completes', async () => {
      const { cookie } = await signedUpUser(h, 'form-2fa@example.com');
      const enabled = await h.call('/two-factor/enable', { cookie, body: { password: PASSWORD } });
      const uri = (enabled.body as { totpURI: string }).totpURI;
      await h.call('/two-factor/verify-totp', { cookie, body: { code: totpFromUri(uri) } });

      let thrown: unknown;
      const first = await through('/login', {
        form: { email: 'form-2fa@example.com', password: PASSWORD, redirectTo: '/account' },
        ip: '203.0.113.63',
        route: async (event) => {
          thrown = await auth.login(event).catch((error: unknown) => error);
          return okPage();
        },
      });
      expect(isRedirect(thrown) && thrown.location).toBe('/login/two-factor?redirectTo=%2Faccount');
      // Not signed in yet: only better-auth's two-factor cookie was set.
      expect(await h.auth.getSession(new Headers({ cookie: first.cookies.header() }))).toBeNull();

      const wrong = await through('/login/two-factor', {
        cookie: first.cookies.header(),
        form: { code: '000000', redirectTo: '/account' },
        ip: '203.0.113.63',
        route: async (event) => Response.json(await auth.verifyTwoFactor(event)),
      });
      const failure = (await wrong.response.json()) as { status: number; data: { error: { code: string } } };
      expect(failure.data.error.code).toBe('AUTH_TWO_FACTOR_INVALID');

      let done: unknown;
      const second = await through('/login/two-factor', {
        cookie: first.cookies.header(),
        form: { code: totpFromUri(uri), redirectTo: '/account' },
        ip: '203.0.113.63',
        route: async (event) => {
          done = await auth.verifyTwoFactor(event).catch((error: unknown) => error);
          return okPage();
        },
      });
      expect(isRedirect(done) && done.location).toBe('/account');
      const session = await h.auth.getSession(new Headers({ cookie: second.cookies.header() }));
      expect(session?.user.email).toBe('form-2fa@example.com');
    });

    it('two-factor enrolment: password, then the first code turns it on and answers the backup codes once', async () => {
      // Action results read as loose JSON: success states and `fail()` objects ({ status, data }).
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
      type Loose = Record<string, any>;
      const { cookie } = await signedUpUser(h, 'form-enrol@example.com');
      const run = async (
        action: 'enableTwoFactor' | 'verifyTwoFactorSetup' | 'disableTwoFactor',
        form: Record<string, string>,
        jar = cookie,
      ) => {
        const { response, cookies } = await through('/profile', {
          cookie: jar,
          form,
          route: async (event) => Response.json(await auth[action](event)),
        });
        return { body: (await response.json()) as Loose, cookie: cookies.header() };
      };
      const refused = await run('enableTwoFactor', { password: 'not-my-password-at-all' });
      expect(refused.body.data.error.code).toBe('AUTH_INVALID_CREDENTIALS');

      const started = await run('enableTwoFactor', { password: PASSWORD });
      const uri = started.body.enrolment.totpUri as string;
      expect(uri).toMatch(/^otpauth:\/\/totp\//);
      expect(started.body.enrolment.secret).toBe(new URL(uri).searchParams.get('secret'));
      expect(started.body).not.toHaveProperty('backupCodes');

      const wrong = await run('verifyTwoFactorSetup', { code: '000000' });
      expect(wrong.body.data.error.code).toBe('AUTH_TWO_FACTOR_INVALID');
      expect(wrong.body.data.enrolment.totpUri).toBe(uri);

      const verified = await run('verifyTwoFactorSetup', { code: totpFromUri(uri) });
      expect(verified.body.success).toBe(true);
      expect(verified.body.backupCodes.length).toBeGreaterThanOrEqual(8);
      const signIn = await h.call('/sign-in/email', { body: { email: 'form-enrol@example.com', password: PASSWORD } });
      expect(signIn.body.twoFactorRedirect).toBe(true);

      const off = await run('disableTwoFactor', { password: PASSWORD }, verified.cookie);
      expect(off.body).toEqual({ success: true });
      const again = await h.call('/sign-in/email', { body: { email: 'form-enrol@example.com', password: PASSWORD } });
      expect(again.body.twoFactorRedirect).toBeUndefined();
    });

    it('sign-up answers the same for a taken email as for a new one', async () => {
      await signedUpUser(h, 'taken@example.com');
      const outcome = async (email: string) => {
        let thrown: unknown;
        await through('/signup', {
          form: { name: 'Someone', email, password: PASSWORD },
          ip: '203.0.113.62',
          route: async (event) => {
            thrown = await auth.signup(event).catch((error: unknown) => error);
            return okPage();
          },
        });
        return isRedirect(thrown) ? thrown.location.replace(encodeURIComponent(email), '<email>') : thrown;
      };
      expect(await outcome('taken@example.com')).toBe(await outcome('fresh-one@example.com'));
      expect(await outcome('fresh-two@example.com')).toBe('/verify-email?email=<email>');
    });

    it('lists own sessions without tokens and revokes one by id; a foreign id changes nothing', async () => {
      const { cookie } = await signedUpUser(h, 'sessions@example.com');
      const other = await h.call('/sign-in/email', {
        body: { email: 'sessions@example.com', password: PASSWORD },
        headers: { 'user-agent': 'phone/1.0' },
      });
      const stranger = await signedUpUser(h, 'stranger@example.com');
      const strangerSessions = await h.call('/list-sessions', { cookie: stranger.cookie });
      const strangerSessionId = (strangerSessions.body as { id: string }[])[0]?.id ?? '';

      let sessions: Awaited<ReturnType<typeof listOwnSessions>> = [];
      await through('/profile', {
        cookie,
        route: async (event) => {
          sessions = await listOwnSessions(event);
          return okPage();
        },
      });
      expect(sessions.length).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(sessions)).not.toContain('token');
      expect(sessions.filter((session) => session.current)).toHaveLength(1);
      const phone = sessions.find((session) => session.userAgent === 'phone/1.0');

      const foreign = await through('/profile', {
        cookie,
        form: { sessionId: strangerSessionId },
        route: async (event) => Response.json(await auth.revokeSession(event)),
      });
      expect(await foreign.response.json()).toEqual({ success: true });
      expect(await h.auth.getSession(new Headers({ cookie: stranger.cookie }))).not.toBeNull();

      const own = await through('/profile', {
        cookie,
        form: { sessionId: phone?.id ?? '' },
        route: async (event) => Response.json(await auth.revokeSession(event)),
      });
      expect(await own.response.json()).toEqual({ success: true });
      expect(await h.auth.getSession(new Headers({ cookie: other.cookie }))).toBeNull();
      expect(await h.auth.getSession(new Headers({ cookie }))).not.toBeNull();
    });

    it('changes the password with the current one, and deletes the account only with the right password', async () => {
      const { cookie } = await signedUpUser(h, 'form-account@example.com');
      const wrongCurrent = await through('/profile', {
        cookie,
        form: { currentPassword: 'not-my-password-at-all', newPassword: 'amber-Glacier-pocket-61?' },
        route: async (event) => Response.json(await auth.changePassword(event)),
      });
      expect(((await wrongCurrent.response.json()) as { data: { error: { code: string } } }).data.error.code).toBe(
        'AUTH_INVALID_CREDENTIALS',
      );
      let sessionsAfter: Awaited<ReturnType<typeof listOwnSessions>> = [];
      const changed = await through('/profile', {
        cookie,
        form: {
          currentPassword: PASSWORD,
          newPassword: 'amber-Glacier-pocket-61?',
          confirmPassword: 'amber-Glacier-pocket-61?',
          revokeOtherSessions: 'true',
        },
        route: async (event) => {
          const result = await auth.changePassword(event);
          // The page's load runs after the action in the same request, with the rotated session.
          sessionsAfter = await listOwnSessions(event);
          return Response.json(result);
        },
      });
      expect(await changed.response.json()).toEqual({ success: true });
      expect(sessionsAfter).toHaveLength(1);
      // The rotated session cookie survives the rest of the request and signs the next one in.
      const rotated = await h.auth.getSession(new Headers({ cookie: changed.cookies.header() }));
      expect(rotated?.user.email).toBe('form-account@example.com');
      const signIn = await h.call('/sign-in/email', {
        body: { email: 'form-account@example.com', password: 'amber-Glacier-pocket-61?' },
      });
      expect(signIn.status).toBe(200);

      const refused = await through('/profile', {
        cookie: signIn.cookie,
        form: { password: PASSWORD },
        route: async (event) => Response.json(await auth.deleteAccount(event)),
      });
      expect(((await refused.response.json()) as { status: number }).status).toBeGreaterThanOrEqual(400);
      let thrown: unknown;
      await through('/profile', {
        cookie: signIn.cookie,
        form: { password: 'amber-Glacier-pocket-61?' },
        route: async (event) => {
          thrown = await auth.deleteAccount(event).catch((error: unknown) => error);
          return okPage();
        },
      });
      expect(isRedirect(thrown) && thrown.location).toBe('/');
      expect(await h.auth.getSession(new Headers({ cookie: signIn.cookie }))).toBeNull();
      const afterDelete = await h.call('/sign-in/email', {
        body: { email: 'form-account@example.com', password: 'amber-Glacier-pocket-61?' },
      });
      expect(afterDelete.body.error?.code).toBe('AUTH_INVALID_CREDENTIALS');
    });

    it('an action that needs a user refuses a visitor with 401', async () => {
      const { response } = await through('/profile', {
        form: { name: 'Nobody' },
        route: async (event) => {
          const thrown = await auth.updateProfile(event).catch((error: unknown) => error);
          return Response.json({ status: isHttpError(thrown) ? thrown.status : 0, failed: isActionFailure(thrown) });
        },
      });
      expect(await response.json()).toEqual({ status: 401, failed: false });
    });
  });
});

describe('sign-up without email verification', () => {
  let h: AuthHarness;
  let handle: ReturnType<typeof svSdkHandle>;
  beforeAll(async () => {
    h = await createAuthHarness({ config: { AUTH_REQUIRE_EMAIL_VERIFICATION: false } });
    handle = svSdkHandle({ sdk: h.sdk });
  });
  afterAll(() => h?.close());

  async function signUp(email: string) {
    const fake = fakeEvent('/signup', { form: { name: 'Grace', email, password: PASSWORD }, ip: '203.0.113.71' });
    let thrown: unknown;
    await handle({
      event: fake.asRequestEvent,
      resolve: async (event) => {
        thrown = await authActions()
          .signup(event)
          .catch((error: unknown) => error);
        return okPage();
      },
    });
    return { thrown, cookies: fake.cookies };
  }

  it('signs the new account in and lands where a sign-in does, not on "check your email"', async () => {
    const { thrown, cookies } = await signUp('no-verify@example.com');
    expect(isRedirect(thrown) && thrown.location).toBe('/');
    const session = await h.auth.getSession(new Headers({ cookie: cookies.header() }));
    expect(session?.user.email).toBe('no-verify@example.com');
  });

  it('refuses an address already registered with AUTH_EMAIL_IN_USE, keeping the name and email', async () => {
    await signUp('twice@example.com');
    const { thrown, cookies } = await signUp('twice@example.com');
    expect(isActionFailure(thrown)).toBe(true);
    const failure = thrown as { status: number; data: { error: { code: string }; values: unknown } };
    expect(failure.data.error.code).toBe('AUTH_EMAIL_IN_USE');
    expect(failure.data.values).toEqual({ name: 'Grace', email: 'twice@example.com' });
    expect(await h.auth.getSession(new Headers({ cookie: cookies.header() }))).toBeNull();
  });
});

function catchThrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
