import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { user } from './schema.ts';
import { createAuthHarness, NEW_PASSWORD, PASSWORD, signedUpUser, type AuthHarness } from './fixtures/harness.ts';

describe('auth flows', () => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await createAuthHarness();
  });
  afterAll(() => h?.close());

  it('sign-up → verify → sign-in → list sessions → revoke → sign-out', async () => {
    const email = 'ada@example.com';
    const signUp = await h.call('/sign-up/email', { body: { email, password: PASSWORD, name: 'Ada Lovelace' } });
    expect(signUp.status).toBe(200);
    expect(signUp.body).not.toHaveProperty('token');
    const created = h.last('user.created', (event) => event.email === email);
    expect(created).toMatchObject({ email, name: 'Ada Lovelace', emailVerified: false, ip: '203.0.113.7' });

    // Unverified: sign-in refused with a stable code.
    const early = await h.call('/sign-in/email', { body: { email, password: PASSWORD } });
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe('AUTH_EMAIL_NOT_VERIFIED');

    const requested = h.last('user.verification_requested', (event) => event.email === email);
    expect(requested?.token).toBeTruthy();
    expect(requested?.url).toContain('/api/auth/verify-email?token=');
    const verified = await h.call(`/verify-email?token=${requested?.token}`);
    expect(verified.status).toBe(200);
    expect(h.last('user.verified', (event) => event.email === email)).toBeTruthy();

    const first = await h.call('/sign-in/email', { body: { email, password: PASSWORD } });
    expect(first.status).toBe(200);
    const second = await h.call('/sign-in/email', {
      body: { email, password: PASSWORD },
      headers: { 'user-agent': 'other-device/2.0' },
      ip: '198.51.100.9',
    });
    expect(second.status).toBe(200);

    const session = await h.auth.getSession(new Headers({ cookie: first.cookie }));
    expect(session?.user.email).toBe(email);
    expect(session?.session).not.toHaveProperty('token');

    const list = await h.call('/list-sessions', { cookie: first.cookie });
    expect(list.status).toBe(200);
    // verify-email signed in too (autoSignInAfterVerification), then two password sign-ins
    expect(list.body).toHaveLength(3);
    const other = (list.body as { id: string; userAgent: string; ipAddress: string }[]).find(
      (entry) => entry.userAgent === 'other-device/2.0',
    );
    expect(other?.ipAddress).toBe('198.51.100.9');

    const revoked = await h.call('/revoke-session', { cookie: first.cookie, body: { id: other?.id } });
    expect(revoked.status).toBe(200);
    expect(await h.auth.getSession(new Headers({ cookie: second.cookie }))).toBeNull();
    expect(h.last('session.revoked')).toBeTruthy();

    const out = await h.call('/sign-out', { cookie: first.cookie, body: {} });
    expect(out.status).toBe(200);
    expect(await h.auth.getSession(new Headers({ cookie: first.cookie }))).toBeNull();
  });

  it('password reset: single use, sessions revoked, expired token refused', async () => {
    const email = 'reset@example.com';
    const { cookie } = await signedUpUser(h, email);
    const asked = await h.call('/request-password-reset', { body: { email, redirectTo: '/reset' } });
    expect(asked.status).toBe(200);
    const reset = h.last('user.password_reset_requested', (event) => event.email === email);
    expect(reset?.token).toBeTruthy();

    const done = await h.call('/reset-password', { body: { token: reset?.token, newPassword: NEW_PASSWORD } });
    expect(done.status).toBe(200);
    expect(await h.auth.getSession(new Headers({ cookie }))).toBeNull();
    expect(h.last('user.password_changed', (event) => event.email === email)?.via).toBe('reset');

    const again = await h.call('/reset-password', {
      body: { token: reset?.token, newPassword: 'another-Quiet-lantern-77' },
    });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('AUTH_TOKEN_INVALID');

    const old = await h.call('/sign-in/email', { body: { email, password: PASSWORD } });
    expect(old.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    const fresh = await h.call('/sign-in/email', { body: { email, password: NEW_PASSWORD } });
    expect(fresh.status).toBe(200);
  });

  it('soft delete within the grace period: sign-in refused, restore brings the account back', async () => {
    const email = 'restore@example.com';
    const { cookie, userId } = await signedUpUser(h, email);
    const deleted = await h.call('/delete-user', { cookie, body: { password: PASSWORD } });
    expect(deleted.status).toBe(200);
    expect(await h.auth.getSession(new Headers({ cookie }))).toBeNull();
    const [row] = await h.sdk.db.drizzle.select().from(user).where(eq(user.id, userId));
    expect(row?.deletedAt).toBeInstanceOf(Date);
    expect(h.last('user.deleted', (event) => event.userId === userId)?.anonymiseAfter).toBeTruthy();
    const refused = await h.call('/sign-in/email', { body: { email, password: PASSWORD } });
    expect(refused.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');

    expect((await h.auth.users.restore(userId)).deletedAt).toBeNull();
    expect(h.last('user.restored', (event) => event.userId === userId)).toBeTruthy();
    expect((await h.call('/sign-in/email', { body: { email, password: PASSWORD } })).status).toBe(200);

    // Past the grace period the sweep anonymises it.
    await h.auth.users.softDelete(userId, { by: 'admin' });
    expect(await h.auth.users.anonymiseDue(new Date(Date.now() + 31 * 86_400_000))).toBe(1);
    expect((await h.auth.users.getById(userId))?.email).toMatch(/@anonymised\.invalid$/);
  });
});
