import { isRedirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { and, eq, like } from 'drizzle-orm';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BASE_URL,
  createAuthHarness,
  NEW_PASSWORD,
  PASSWORD,
  signedUpUser,
  type AuthHarness,
} from './fixtures/harness.ts';
import { totpFromUri } from './fixtures/totp.ts';
import { authActions } from '../sveltekit/auth-actions.ts';
import { svSdkHandle } from '../sveltekit/handle.ts';
import { session, user, verification } from './schema.ts';

const ADMIN_EMAIL = 'root@example.com';
const ADMIN_PASSWORD = 'admin-Walrus-compass-88!';

/** The identity the mock OAuth provider answers (no network: token and profile come from these functions). */
let oauthProfile = { id: 'idp-subject-1', email: 'nobody@example.com', emailVerified: true, name: 'OAuth User' };
const mockProvider = genericOAuth({
  config: [
    {
      providerId: 'mockidp',
      clientId: 'client-id',
      clientSecret: 'client-secret',
      authorizationUrl: 'https://idp.invalid/authorize',
      getToken: async () => ({ accessToken: 'mock-access-token', tokenType: 'Bearer' }),
      getUserInfo: async () => ({ ...oauthProfile }),
    },
  ],
});

const sessionCookie = (cookie: string) => /(^|; )better-auth\.session_token=/.test(cookie);
const trustCookie = (cookie: string) => cookie.split('; ').find((part) => part.startsWith('better-auth.trust_device='));

describe('second-factor gate: every way in asks for the second factor', () => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await createAuthHarness({
      config: { SV_SDK_ADMIN_EMAIL: ADMIN_EMAIL, SV_SDK_ADMIN_PASSWORD: ADMIN_PASSWORD },
      auth: { plugins: [mockProvider] },
    });
  });
  afterAll(() => h?.close());

  /**
   * Posts the demo's two-factor page form (`authActions().verifyTwoFactor`) through the SvelteKit handle, with the
   * browser's cookies; returns what the action threw (its redirect) and the cookies after.
   */
  async function submitTwoFactorPage(cookie: string, form: Record<string, string>) {
    const jar = new Map<string, string>();
    for (const part of cookie.split('; ').filter(Boolean)) {
      const [name = '', ...rest] = part.split('=');
      jar.set(name, decodeURIComponent(rest.join('=')));
    }
    const cookies = {
      get: (name: string) => jar.get(name),
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      set: (name: string, value: string, options: { maxAge?: number }) =>
        void (options.maxAge === 0 || value === '' ? jar.delete(name) : jar.set(name, value)),
      delete: (name: string) => void jar.delete(name),
      serialize: () => '',
    } as unknown as Cookies;
    const url = new URL('/login/two-factor', BASE_URL);
    const request = new Request(url, {
      method: 'POST',
      headers: { origin: BASE_URL, 'user-agent': 'vitest-browser/1.0' },
      body: new URLSearchParams(form),
    });
    const event = { url, request, cookies, locals: {}, getClientAddress: () => '203.0.113.7' };
    let thrown: unknown;
    await svSdkHandle({ sdk: h.sdk })({
      event: event as unknown as RequestEvent,
      resolve: async (resolved) => {
        thrown = await authActions()
          .verifyTwoFactor(resolved)
          .catch((error: unknown) => error);
        return new Response('page');
      },
    });
    return { thrown, cookie: [...jar].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ') };
  }

  /** A verified account with TOTP turned on; `cookie` is its (rotated) session after enrolment. */
  async function twoFactorUser(email: string): Promise<{ userId: string; uri: string; cookie: string }> {
    const { cookie, userId } = await signedUpUser(h, email);
    const enabled = await h.call('/two-factor/enable', { cookie, body: { password: PASSWORD } });
    expect(enabled.status).toBe(200);
    const uri = enabled.body.totpURI as string;
    const confirmed = await h.call('/two-factor/verify-totp', { cookie, body: { code: totpFromUri(uri) } });
    expect(confirmed.status).toBe(200);
    return { userId, uri, cookie: confirmed.cookie };
  }

  const sessionsOf = (userId: string) => h.sdk.db.drizzle.select().from(session).where(eq(session.userId, userId));
  const trustRowsOf = (userId: string) =>
    h.sdk.db.drizzle
      .select()
      .from(verification)
      .where(and(eq(verification.value, userId), like(verification.identifier, 'trust-device-%')));

  /** Asks for a magic link and returns its path under /api/auth. */
  async function magicLinkPath(email: string, callbackURL = '/profile'): Promise<string> {
    const asked = await h.call('/sign-in/magic-link', { body: { email, callbackURL } });
    expect(asked.status).toBe(200);
    const sent = h.last('user.magic_link_requested', (event) => event.email === email);
    expect(sent?.url).toBeTruthy();
    const url = new URL(sent?.url ?? '');
    return url.pathname.replace(/^\/api\/auth/, '') + url.search;
  }

  /** Completes a pending challenge with a TOTP code (optionally trusting the device); returns the cookies after. */
  async function passChallenge(cookie: string, uri: string, trustDevice = false): Promise<string> {
    const verified = await h.call('/two-factor/verify-totp', {
      cookie,
      body: { code: totpFromUri(uri), ...(trustDevice ? { trustDevice: true } : {}) },
    });
    expect(verified.status).toBe(200);
    expect(sessionCookie(verified.cookie)).toBe(true);
    return verified.cookie;
  }

  /** Signs in with the password and a TOTP, trusting the device: returns the trust cookie alone. */
  async function trustedDevice(email: string, uri: string, password = PASSWORD): Promise<string> {
    const first = await h.call('/sign-in/email', { body: { email, password } });
    expect(first.body.twoFactorRedirect).toBe(true);
    const after = await passChallenge(first.cookie, uri, true);
    const trust = trustCookie(after);
    expect(trust).toBeTruthy();
    return trust ?? '';
  }

  it('password sign-in: challenged, no session row or cookie; the TOTP completes it', async () => {
    const email = 'gate-password@example.com';
    const { userId, uri } = await twoFactorUser(email);
    const before = (await sessionsOf(userId)).length;
    const signIn = await h.call('/sign-in/email', { body: { email, password: PASSWORD } });
    expect(signIn.status).toBe(200);
    expect(signIn.body).toEqual({ twoFactorRedirect: true, twoFactorMethods: ['totp'] });
    expect(sessionCookie(signIn.cookie)).toBe(false);
    expect(signIn.cookie).toMatch(/better-auth\.two_factor=/);
    expect((await sessionsOf(userId)).length).toBe(before);
    // The row the password step made was created, then revoked: both events say so.
    const made = h.last('session.created', (event) => event.userId === userId);
    expect(h.last('session.revoked', (event) => event.sessionId === made?.sessionId)).toBeTruthy();
    const after = await passChallenge(signIn.cookie, uri);
    expect((await h.auth.getSession(new Headers({ cookie: after })))?.user.email).toBe(email);
  });

  it('magic link: 302 to the two-factor page with the continuation, no session; the TOTP signs in', async () => {
    const email = 'gate-magic@example.com';
    const { userId, uri } = await twoFactorUser(email);
    const before = (await sessionsOf(userId)).length;
    const opened = await h.call(await magicLinkPath(email, '/profile?tab=security'));
    expect(opened.status).toBe(302);
    expect(opened.headers.get('location')).toBe('/login/two-factor?redirectTo=%2Fprofile%3Ftab%3Dsecurity');
    expect(sessionCookie(opened.cookie)).toBe(false);
    expect(
      opened.headers.getSetCookie().some((line) => /session_token=[^;]+/.test(line) && !/max-age=0/i.test(line)),
    ).toBe(false);
    expect(opened.cookie).toMatch(/better-auth\.two_factor=/);
    expect((await sessionsOf(userId)).length).toBe(before);
    // Nothing the link gave can change the account's email.
    const changed = await h.call('/change-email', { cookie: opened.cookie, body: { newEmail: 'thief@example.com' } });
    expect(changed.status).toBe(401);

    // The two-factor page (its form carries the redirectTo it was given) completes the sign-in and lands there.
    const redirectTo = new URL(opened.headers.get('location') ?? '', BASE_URL).searchParams.get('redirectTo') ?? '';
    const page = await submitTwoFactorPage(opened.cookie, { code: totpFromUri(uri), redirectTo });
    expect(isRedirect(page.thrown) && page.thrown.location).toBe('/profile?tab=security');
    expect((await h.auth.getSession(new Headers({ cookie: page.cookie })))?.user.id).toBe(userId);
  });

  it('magic link without a callback URL (JSON): answers the challenge, not a session token', async () => {
    const email = 'gate-magic-json@example.com';
    const { userId } = await twoFactorUser(email);
    const path = (await magicLinkPath(email)).replace(/&callbackURL=[^&]*/, '');
    const before = (await sessionsOf(userId)).length;
    const opened = await h.call(path);
    expect(opened.status).toBe(200);
    expect(opened.body).toEqual({ twoFactorRedirect: true, twoFactorMethods: ['totp'] });
    expect(sessionCookie(opened.cookie)).toBe(false);
    expect(opened.cookie).toMatch(/better-auth\.two_factor=/);
    expect(JSON.stringify(opened.body)).not.toContain('token');
    expect((await sessionsOf(userId)).length).toBe(before);
  });

  it('verification link auto sign-in of an unverified two-factor account: 302 to the two-factor page', async () => {
    const email = 'gate-verify@example.com';
    const { userId, uri } = await twoFactorUser(email);
    await h.sdk.db.drizzle.update(user).set({ emailVerified: false }).where(eq(user.id, userId));
    const resent = await h.call('/send-verification-email', { body: { email, callbackURL: '/profile' } });
    expect(resent.status).toBe(200);
    const requested = h.last('user.verification_requested', (event) => event.email === email);
    const url = new URL(requested?.url ?? '');
    const before = (await sessionsOf(userId)).length;
    const opened = await h.call(url.pathname.replace(/^\/api\/auth/, '') + url.search);
    expect(opened.status).toBe(302);
    expect(opened.headers.get('location')).toBe('/login/two-factor?redirectTo=%2Fprofile');
    expect(sessionCookie(opened.cookie)).toBe(false);
    expect((await sessionsOf(userId)).length).toBe(before);
    // The address is verified all the same (the link proved the mailbox); only the session waits for the factor.
    const [row] = await h.sdk.db.drizzle.select().from(user).where(eq(user.id, userId));
    expect(row?.emailVerified).toBe(true);
    const after = await passChallenge(opened.cookie, uri);
    expect((await h.auth.getSession(new Headers({ cookie: after })))?.user.id).toBe(userId);
  });

  it('OAuth callback (mock provider, no network): 302 to the two-factor page, no session', async () => {
    const email = 'gate-oauth@example.com';
    const { userId, uri } = await twoFactorUser(email);
    oauthProfile = { id: 'idp-gate-oauth', email, emailVerified: true, name: 'OAuth User' };
    const started = await h.call('/sign-in/social', { body: { provider: 'mockidp', callbackURL: '/profile' } });
    expect(started.status).toBe(200);
    const state = new URL(started.body.url as string).searchParams.get('state');
    expect(state).toBeTruthy();
    const before = (await sessionsOf(userId)).length;
    const back = await h.call(`/callback/mockidp?code=mock-code&state=${encodeURIComponent(state ?? '')}`, {
      cookie: started.cookie,
    });
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/login/two-factor?redirectTo=%2Fprofile');
    expect(sessionCookie(back.cookie)).toBe(false);
    expect((await sessionsOf(userId)).length).toBe(before);
    const after = await passChallenge(back.cookie, uri);
    expect((await h.auth.getSession(new Headers({ cookie: after })))?.user.id).toBe(userId);
  });

  it('a trusted device skips the challenge on every path, and its cookie is rotated', async () => {
    const email = 'gate-trusted@example.com';
    const { userId, uri } = await twoFactorUser(email);
    const trust = await trustedDevice(email, uri);

    const signIn = await h.call('/sign-in/email', { cookie: trust, body: { email, password: PASSWORD } });
    expect(signIn.status).toBe(200);
    expect(signIn.body.twoFactorRedirect).toBeUndefined();
    expect(sessionCookie(signIn.cookie)).toBe(true);
    const rotated = trustCookie(signIn.cookie);
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(trust);
    // The old trust cookie is spent: only the rotated one is valid.
    const replay = await h.call('/sign-in/email', { cookie: trust, body: { email, password: PASSWORD } });
    expect(replay.body.twoFactorRedirect).toBe(true);

    const magic = await h.call(await magicLinkPath(email), { cookie: rotated });
    expect(magic.status).toBe(302);
    expect(magic.headers.get('location')).toBe(`${BASE_URL}/profile`);
    expect(sessionCookie(magic.cookie)).toBe(true);
    expect((await h.auth.getSession(new Headers({ cookie: magic.cookie })))?.user.id).toBe(userId);
  });

  it('a trust cookie from before a password reset no longer skips the challenge', async () => {
    const email = 'gate-trust-reset@example.com';
    const { userId, uri } = await twoFactorUser(email);
    const trust = await trustedDevice(email, uri);
    expect((await trustRowsOf(userId)).length).toBe(1);

    await h.call('/request-password-reset', { body: { email, redirectTo: '/reset' } });
    const reset = h.last('user.password_reset_requested', (event) => event.email === email);
    const done = await h.call('/reset-password', { body: { token: reset?.token, newPassword: NEW_PASSWORD } });
    expect(done.status).toBe(200);
    expect(await trustRowsOf(userId)).toEqual([]);

    const signIn = await h.call('/sign-in/email', { cookie: trust, body: { email, password: NEW_PASSWORD } });
    expect(signIn.status).toBe(200);
    expect(signIn.body.twoFactorRedirect).toBe(true);
    expect(sessionCookie(signIn.cookie)).toBe(false);
  });

  it('a trust cookie from before a password change no longer skips the challenge', async () => {
    const email = 'gate-trust-change@example.com';
    const { userId, uri } = await twoFactorUser(email);
    const trust = await trustedDevice(email, uri);
    const signedIn = await passChallenge(
      (await h.call('/sign-in/email', { body: { email, password: PASSWORD } })).cookie,
      uri,
    );

    const changed = await h.call('/change-password', {
      cookie: signedIn,
      body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: true },
    });
    expect(changed.status).toBe(200);
    // A rotation of the session the person already holds is not a sign-in: no challenge for it.
    expect(changed.body.twoFactorRedirect).toBeUndefined();
    expect((await h.auth.getSession(new Headers({ cookie: changed.cookie })))?.user.id).toBe(userId);
    expect(await trustRowsOf(userId)).toEqual([]);

    const signIn = await h.call('/sign-in/email', { cookie: trust, body: { email, password: NEW_PASSWORD } });
    expect(signIn.body.twoFactorRedirect).toBe(true);
    expect(sessionCookie(signIn.cookie)).toBe(false);
  });

  it('turning two-factor off and on again forgets every trusted device', async () => {
    const email = 'gate-trust-toggle@example.com';
    const { userId, uri } = await twoFactorUser(email);
    const trust = await trustedDevice(email, uri);
    // Another device (its own session, not the trusted one) turns two-factor off.
    const other = await passChallenge(
      (await h.call('/sign-in/email', { body: { email, password: PASSWORD } })).cookie,
      uri,
    );
    const off = await h.call('/two-factor/disable', { cookie: other, body: { password: PASSWORD } });
    expect(off.status).toBe(200);
    expect(off.body.twoFactorRedirect).toBeUndefined();
    expect(await trustRowsOf(userId)).toEqual([]);

    // Turned on again: the old device's cookie does not skip the new second factor.
    const enabled = await h.call('/two-factor/enable', { cookie: off.cookie, body: { password: PASSWORD } });
    expect(enabled.status).toBe(200);
    const newUri = enabled.body.totpURI as string;
    const on = await h.call('/two-factor/verify-totp', { cookie: off.cookie, body: { code: totpFromUri(newUri) } });
    expect(on.status).toBe(200);
    expect((await h.auth.getSession(new Headers({ cookie: on.cookie })))?.user.twoFactorEnabled).toBe(true);

    const signIn = await h.call('/sign-in/email', { cookie: trust, body: { email, password: PASSWORD } });
    expect(signIn.body.twoFactorRedirect).toBe(true);
    expect(sessionCookie(signIn.cookie)).toBe(false);
  });

  it('turning two-factor on forgets trust rows left from before', async () => {
    const email = 'gate-trust-enable@example.com';
    const { cookie, userId } = await signedUpUser(h, email);
    await h.sdk.db.drizzle.insert(verification).values({
      id: `stale-trust-${userId}`,
      identifier: `trust-device-stale-${userId}`,
      value: userId,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const enabled = await h.call('/two-factor/enable', { cookie, body: { password: PASSWORD } });
    const on = await h.call('/two-factor/verify-totp', {
      cookie,
      body: { code: totpFromUri(enabled.body.totpURI as string) },
    });
    expect(on.status).toBe(200);
    expect(await trustRowsOf(userId)).toEqual([]);
  });

  it('a session the user already holds, set again (update-user, get-session), is not a sign-in', async () => {
    const email = 'gate-reset-session@example.com';
    const { userId, cookie } = await twoFactorUser(email);
    const updated = await h.call('/update-user', { cookie, body: { name: 'Renamed' } });
    expect(updated.status).toBe(200);
    expect(updated.body.twoFactorRedirect).toBeUndefined();
    const current = await h.call('/get-session', { cookie: updated.cookie });
    expect(current.body?.user.id).toBe(userId);
    expect(current.body?.user.name).toBe('Renamed');
  });

  it('admin impersonation of a two-factor account passes; an admin password reset forgets its trusted devices', async () => {
    await h.sdk.seed();
    const admin = await h.call('/sign-in/email', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(admin.status).toBe(200);
    const { userId } = await twoFactorUser('gate-impersonated@example.com');
    const as = await h.call('/admin/impersonate-user', { cookie: admin.cookie, body: { userId } });
    expect(as.status).toBe(200);
    expect(as.body.twoFactorRedirect).toBeUndefined();
    const current = await h.auth.getSession(new Headers({ cookie: as.cookie }));
    expect(current?.user.id).toBe(userId);
    expect(current?.session.impersonatedBy).toBeTruthy();

    // An admin's password reset of the account forgets its trusted devices too.
    const email = 'gate-admin-reset@example.com';
    const target = await twoFactorUser(email);
    const trust = await trustedDevice(email, target.uri);
    const reset = await h.call('/admin/set-user-password', {
      cookie: admin.cookie,
      body: { userId: target.userId, newPassword: NEW_PASSWORD },
    });
    expect(reset.status).toBe(200);
    expect(await trustRowsOf(target.userId)).toEqual([]);
    const signIn = await h.call('/sign-in/email', { cookie: trust, body: { email, password: NEW_PASSWORD } });
    expect(signIn.body.twoFactorRedirect).toBe(true);
  });
});
