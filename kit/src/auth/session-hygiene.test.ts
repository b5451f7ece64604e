import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthHarness,
  NEW_PASSWORD,
  PASSWORD,
  sessionCookieValue,
  signedUpUser,
  type AuthHarness,
} from './fixtures/harness.ts';
import { imageUrlProblem } from './image-url.ts';
import { session, user } from './schema.ts';
import { withoutSessionTokens } from './session-tokens.ts';
import { withErrorParam } from './unavailable-accounts.ts';

const ADMIN_PASSWORD = 'admin-Walrus-compass-88!';
const PNG_1PX =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** Every string anywhere in a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('session hygiene (issue 17 item 9)', () => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await createAuthHarness({
      config: {
        ACCOUNT_DELETION_GRACE_DAYS: 30,
        SV_SDK_ADMIN_PASSWORD: ADMIN_PASSWORD,
        SV_SDK_ADMIN_EMAIL: 'root@example.com',
      },
    });
    await h.sdk.seed();
  });
  afterAll(() => h?.close());

  const tokensOf = async (userId: string) =>
    (await h.sdk.db.drizzle.select().from(session).where(eq(session.userId, userId))).map((row) => row.token);

  it('no answer carries a session token; sessions are revoked by id, only the caller’s own', async () => {
    const email = 'tokens@example.com';
    const { cookie, userId } = await signedUpUser(h, email);
    const signIn = await h.call('/sign-in/email', { body: { email, password: PASSWORD } });
    expect(signIn.status).toBe(200);
    expect(signIn.body).not.toHaveProperty('token');
    expect(signIn.body.user.id).toBe(userId);

    const tokens = await tokensOf(userId);
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    const answers = [
      signIn.body,
      (await h.call('/get-session', { cookie })).body,
      (await h.call('/list-sessions', { cookie })).body,
    ];
    const seen = answers.flatMap(strings);
    for (const token of tokens) expect(seen).not.toContain(token);
    const listed = answers[2] as { id: string; token?: string }[];
    expect(listed.every((entry) => entry.token === undefined && typeof entry.id === 'string')).toBe(true);

    // Someone else's session id: the same answer, nothing revoked.
    const stranger = await signedUpUser(h, 'stranger@example.com');
    const strangerSession = await h.auth.getSession(new Headers({ cookie: stranger.cookie }));
    const probe = await h.call('/revoke-session', { cookie, body: { id: strangerSession?.session.id } });
    expect(probe.status).toBe(200);
    expect(await h.auth.getSession(new Headers({ cookie: stranger.cookie }))).not.toBeNull();

    // One's own other session, by id.
    const other = await h.auth.getSession(new Headers({ cookie: signIn.cookie }));
    const revoked = await h.call('/revoke-session', { cookie, body: { id: other?.session.id } });
    expect(revoked.status).toBe(200);
    expect(await h.auth.getSession(new Headers({ cookie: signIn.cookie }))).toBeNull();
    expect(await h.auth.getSession(new Headers({ cookie }))).not.toBeNull();

    // The admin's view: no tokens either, revocation by session id.
    const adminIn = await h.call('/sign-in/email', { body: { email: 'root@example.com', password: ADMIN_PASSWORD } });
    const adminList = await h.call('/admin/list-user-sessions', {
      cookie: adminIn.cookie,
      body: { userId: stranger.userId },
    });
    expect(adminList.status).toBe(200);
    expect(strings(adminList.body)).not.toContain(sessionCookieValue(stranger.cookie).split('.')[0]);
    const adminRevoke = await h.call('/admin/revoke-user-session', {
      cookie: adminIn.cookie,
      body: { sessionId: strangerSession?.session.id },
    });
    expect(adminRevoke.status).toBe(200);
    expect(await h.auth.getSession(new Headers({ cookie: stranger.cookie }))).toBeNull();
  });

  it('a session token alone never authenticates: not as a bearer, a query parameter or an unsigned cookie', async () => {
    const { cookie, userId } = await signedUpUser(h, 'bearer@example.com');
    const token = sessionCookieValue(cookie).split('.')[0] ?? '';
    expect(await tokensOf(userId)).toContain(token);
    const cookieName = cookie
      .split('; ')
      .find((part) => part.includes('session_token='))
      ?.split('=')[0];
    for (const attempt of [
      { headers: { authorization: `Bearer ${token}` } },
      { path: `/get-session?token=${token}` },
      { cookie: `${cookieName}=${token}` },
    ]) {
      const answer = await h.call(attempt.path ?? '/get-session', { headers: attempt.headers, cookie: attempt.cookie });
      expect(answer.body, JSON.stringify(attempt)).toBeNull();
    }
    // The signed cookie does.
    expect((await h.call('/get-session', { cookie })).body?.user.id).toBe(userId);
  });

  it('changing the password ends the other sessions unless the caller keeps them', async () => {
    const email = 'change-ends@example.com';
    const { cookie } = await signedUpUser(h, email);
    const elsewhere = await h.call('/sign-in/email', { body: { email, password: PASSWORD } });
    const changed = await h.call('/change-password', {
      cookie,
      body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).not.toHaveProperty('token');
    expect(await h.auth.getSession(new Headers({ cookie: elsewhere.cookie }))).toBeNull();
    // The caller continues with the new session cookie better-auth set.
    expect(await h.auth.getSession(new Headers({ cookie: changed.cookie }))).not.toBeNull();
    expect(h.last('user.password_changed', (event) => event.email === email)?.sessionsRevoked).toBe(true);

    const kept = await h.call('/sign-in/email', { body: { email, password: NEW_PASSWORD } });
    const keep = await h.call('/change-password', {
      cookie: changed.cookie,
      body: { currentPassword: NEW_PASSWORD, newPassword: PASSWORD, revokeOtherSessions: false },
    });
    expect(keep.status).toBe(200);
    expect(await h.auth.getSession(new Headers({ cookie: kept.cookie }))).not.toBeNull();
  });

  it('a confirmed email change ends every other session; the confirming one stays', async () => {
    const email = 'moving@example.com';
    const { cookie, userId } = await signedUpUser(h, email);
    const elsewhere = await h.call('/sign-in/email', { body: { email, password: PASSWORD } });
    const asked = await h.call('/change-email', { cookie, body: { newEmail: 'moved@example.com' } });
    expect(asked.status).toBe(200);
    // Asking changes nothing yet.
    expect(await h.auth.getSession(new Headers({ cookie: elsewhere.cookie }))).not.toBeNull();
    const requested = h.last('user.email_change_requested', (event) => event.userId === userId);
    const confirmed = await h.call(`/verify-email?token=${requested?.token}`, { cookie });
    expect(confirmed.status).toBe(200);
    expect(await h.auth.getSession(new Headers({ cookie: elsewhere.cookie }))).toBeNull();
    expect(await h.auth.getSession(new Headers({ cookie: confirmed.cookie }))).not.toBeNull();
    expect(h.last('user.email_changed', (event) => event.userId === userId)).toEqual({
      userId,
      oldEmail: email,
      newEmail: 'moved@example.com',
    });
  });

  it('a user image is an https URL or an inline raster image, through every endpoint that writes one', async () => {
    const { cookie, userId } = await signedUpUser(h, 'avatar@example.com');
    for (const image of [
      'javascript:alert(1)',
      'http://example.com/a.png',
      '/relative.png',
      'data:text/html;base64,PHNjcmlwdD4=',
      'data:image/svg+xml;base64,PHN2Zz48c2NyaXB0Lz48L3N2Zz4=',
      'data:image/png;base64,PHNjcmlwdD4=', // not a PNG
      'https://user:pass@example.com/a.png',
      'https://example.com/a b.png',
      `https://example.com/${'a'.repeat(2100)}`,
    ]) {
      const refused = await h.call('/update-user', { cookie, body: { image } });
      expect(refused.status, image).toBe(400);
      expect(refused.body.error.code, image).toBe('VALIDATION_FAILED');
    }
    for (const image of ['https://cdn.example.com/avatars/1.png?size=64', PNG_1PX, null]) {
      const stored = await h.call('/update-user', { cookie, body: { image } });
      expect(stored.status, String(image)).toBe(200);
      const [row] = await h.sdk.db.drizzle.select().from(user).where(eq(user.id, userId));
      expect(row?.image).toBe(image);
    }
    const signUp = await h.call('/sign-up/email', {
      body: { email: 'svg@example.com', password: PASSWORD, name: 'Svg', image: 'javascript:alert(1)' },
    });
    expect(signUp.status).toBe(400);
    await expect(h.auth.users.updateProfile(userId, { image: 'javascript:alert(1)' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(imageUrlProblem('https://example.com/a.png')).toBeUndefined();
    expect(imageUrlProblem('https:example.com/a.png')).toBe('URL_SCHEME');
    expect(imageUrlProblem(' https://example.com/a.png')).toBe('URL_SCHEME');
  });

  it('links of banned and deleted accounts land on the login page with one error code; a deleted account gets no mail', async () => {
    const adminIn = await h.call('/sign-in/email', { body: { email: 'root@example.com', password: ADMIN_PASSWORD } });

    // Banned after asking for a magic link: the link lands on the login page, no session.
    const banned = await signedUpUser(h, 'banned-link@example.com');
    await h.call('/sign-in/magic-link', { body: { email: 'banned-link@example.com', callbackURL: '/dashboard' } });
    const magic = h.last('user.magic_link_requested', (event) => event.email === 'banned-link@example.com');
    expect(magic).toBeTruthy();
    expect((await h.call('/admin/ban-user', { cookie: adminIn.cookie, body: { userId: banned.userId } })).status).toBe(
      200,
    );
    const followed = await h.call(`/magic-link/verify?token=${magic?.token}&callbackURL=/dashboard`);
    expect(followed.status).toBe(302);
    expect(followed.headers.get('location')).toBe('/login?error=AUTH_ACCOUNT_UNAVAILABLE');
    expect(followed.cookie).not.toMatch(/session_token=/);

    // A verification link of a banned account: the same landing, and the address is not marked verified.
    const late = await h.call('/sign-up/email', {
      body: { email: 'late-verify@example.com', password: PASSWORD, name: 'Late' },
    });
    expect(late.status).toBe(200);
    const verification = h.last('user.verification_requested', (event) => event.email === 'late-verify@example.com');
    await h.call('/admin/ban-user', { cookie: adminIn.cookie, body: { userId: verification?.userId } });
    const link = await h.call(`/verify-email?token=${verification?.token}&callbackURL=/welcome`);
    expect(link.status).toBe(302);
    expect(link.headers.get('location')).toBe('/login?error=AUTH_ACCOUNT_UNAVAILABLE');
    const [lateRow] = await h.sdk.db.drizzle
      .select()
      .from(user)
      .where(eq(user.id, verification?.userId ?? ''));
    expect(lateRow?.emailVerified).toBe(false);
    const json = await h.call(`/verify-email?token=${verification?.token}`);
    expect(json.status).toBe(403);
    expect(json.body.error.code).toBe('AUTH_ACCOUNT_UNAVAILABLE');

    // Deleted (in its grace period): a reset link asked before deletion cannot be used, and new requests send nothing.
    const leaving = await signedUpUser(h, 'grace@example.com');
    await h.call('/request-password-reset', { body: { email: 'grace@example.com', redirectTo: '/reset-password' } });
    const reset = h.last('user.password_reset_requested', (event) => event.email === 'grace@example.com');
    expect(reset).toBeTruthy();
    expect((await h.call('/delete-user', { cookie: leaving.cookie, body: { password: PASSWORD } })).status).toBe(200);
    const resetLink = await h.call(`/reset-password/${reset?.token}?callbackURL=/reset-password`);
    expect(resetLink.status).toBe(302);
    expect(resetLink.headers.get('location')).toBe('/login?error=AUTH_ACCOUNT_UNAVAILABLE');
    const resetPost = await h.call('/reset-password', { body: { token: reset?.token, newPassword: NEW_PASSWORD } });
    expect(resetPost.status).toBe(400);
    expect(resetPost.body.error.code).toBe('AUTH_TOKEN_INVALID');

    const before = h.events.length;
    const again = await h.call('/request-password-reset', { body: { email: 'grace@example.com' } });
    const magicAgain = await h.call('/sign-in/magic-link', { body: { email: 'grace@example.com' } });
    const unknown = await h.call('/request-password-reset', { body: { email: 'nobody-here@example.com' } });
    expect([again.status, magicAgain.status]).toEqual([200, 200]);
    expect(again.body).toEqual(unknown.body);
    const mailed = h.events
      .slice(before)
      .filter((event) => event.name === 'user.password_reset_requested' || event.name === 'user.magic_link_requested');
    expect(mailed).toEqual([]);
  });

  it('helpers: tokens stripped at any depth of a session answer; error params appended before a fragment', () => {
    const row = { id: 's1', token: 'secret', userId: 'u1', expiresAt: new Date() };
    expect(withoutSessionTokens({ session: row, user: { id: 'u1' } })).toEqual({
      session: { id: 's1', userId: 'u1', expiresAt: row.expiresAt },
      user: { id: 'u1' },
    });
    expect(withoutSessionTokens([row])).toEqual([{ id: 's1', userId: 'u1', expiresAt: row.expiresAt }]);
    const untouched = { token: 'a-verification-token', status: true };
    expect(withoutSessionTokens(untouched)).toBe(untouched);
    expect(withErrorParam('/login?next=/a#top', 'X')).toBe('/login?next=/a&error=X#top');
  });
});
