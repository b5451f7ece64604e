import { eq } from 'drizzle-orm';
import { createEmailVerificationToken } from 'better-auth/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthHarness, NEW_PASSWORD, PASSWORD, signedUpUser, type AuthHarness } from './fixtures/harness.ts';
import { totpFromUri } from './fixtures/totp.ts';
import { legacyScryptHash } from './password-hash.ts';
import { account, user, verification } from './schema.ts';

const ADMIN_PASSWORD = 'admin-Walrus-compass-88!';

describe('account management', () => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await createAuthHarness({
      config: {
        ACCOUNT_DELETION_GRACE_DAYS: 0,
        SV_SDK_ADMIN_PASSWORD: ADMIN_PASSWORD,
        SV_SDK_ADMIN_EMAIL: 'root@example.com',
      },
    });
  });
  afterAll(() => h?.close());

  it('change password: the current one is required, the policy applies with the user as dictionary', async () => {
    const email = 'change@example.com';
    const { cookie } = await signedUpUser(h, email);
    const wrong = await h.call('/change-password', {
      cookie,
      body: { currentPassword: 'not-my-Password-123', newPassword: NEW_PASSWORD },
    });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(wrong.status).toBeLessThan(500);
    expect(wrong.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');

    const weak = await h.call('/change-password', {
      cookie,
      body: { currentPassword: PASSWORD, newPassword: 'change@example.com1' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('AUTH_PASSWORD_POLICY');
    expect(weak.body.error.details.problems.length).toBeGreaterThan(0);
    expect(weak.body.error.message.length).toBeGreaterThan(10);

    const ok = await h.call('/change-password', {
      cookie,
      body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(ok.status).toBe(200);
    expect(h.last('user.password_changed', (event) => event.email === email)?.via).toBe('change');
  });

  it('sign-up refuses a weak password with the human reasons', async () => {
    const refused = await h.call('/sign-up/email', {
      body: { email: 'weak@example.com', password: 'password1234', name: 'W' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('AUTH_PASSWORD_POLICY');
    const rows = await h.sdk.db.drizzle.select().from(user).where(eq(user.email, 'weak@example.com'));
    expect(rows).toHaveLength(0);
  });

  it('a refused password says which rule failed: details.problems with code, message and params', async () => {
    const famous = await h.call('/sign-up/email', {
      body: { email: 'xkcd@example.com', password: 'Correct-Horse-Battery-Staple', name: 'Randall' },
    });
    expect(famous.status).toBe(400);
    expect(famous.body.error).toMatchObject({
      code: 'AUTH_PASSWORD_POLICY',
      message: expect.stringMatching(/^Too common: /),
      details: { problems: [{ code: 'PASSWORD_BREACHED', message: expect.stringMatching(/^Too common: /) }] },
    });

    const short = await h.call('/sign-up/email', {
      body: { email: 'short@example.com', password: 'x7#Kq!2zPw', name: 'Shorty' },
    });
    expect(short.body.error.details.problems).toContainEqual({
      code: 'PASSWORD_TOO_SHORT',
      message: expect.stringMatching(/^Too short: use at least 12 characters \(this one has 10\)/),
      params: { minLength: 12, length: 10 },
    });

    // The password of the report: strong, on no list, and nothing of the person in it.
    const walrus = await h.call('/sign-up/email', {
      body: { email: 'amy@walrus.example', password: 'Keyboard-Only-Walrus-71', name: 'Amy Walrus' },
    });
    expect(walrus.status, JSON.stringify(walrus.body)).toBe(200);
  });

  it("better-auth's own length check (an admin setting a password) answers with the rule too", async () => {
    const { userId } = await signedUpUser(h, 'set-by-admin@example.com');
    await h.sdk.seed(); // the admin user (idempotent)
    const adminIn = await h.call('/sign-in/email', { body: { email: 'root@example.com', password: ADMIN_PASSWORD } });
    const refused = await h.call('/admin/set-user-password', {
      cookie: adminIn.cookie,
      body: { userId, newPassword: 'short' },
    });
    expect(refused.status, JSON.stringify([adminIn.status, adminIn.body, refused.body])).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'AUTH_PASSWORD_POLICY',
      details: { problems: [{ code: 'PASSWORD_TOO_SHORT', message: expect.stringMatching(/^Too short: /) }] },
    });
  });

  it('change email: verified on the new address', async () => {
    const email = 'old@example.com';
    const { cookie, userId } = await signedUpUser(h, email);
    const asked = await h.call('/change-email', { cookie, body: { newEmail: 'new@example.com' } });
    expect(asked.status).toBe(200);
    const requested = h.last('user.email_change_requested', (event) => event.userId === userId);
    expect(requested?.newEmail).toBe('new@example.com');
    const confirmed = await h.call(`/verify-email?token=${requested?.token}`, { cookie });
    expect(confirmed.status).toBe(200);
    expect((await h.auth.users.getById(userId))?.email).toBe('new@example.com');
  });

  it('delete (grace 0 days): sessions end, sign-in refused, the queued job anonymises', async () => {
    const email = 'leaving@example.com';
    const { cookie, userId } = await signedUpUser(h, email);
    const deleted = await h.call('/delete-user', { cookie, body: { password: PASSWORD } });
    expect(deleted.status).toBe(200);
    expect(await h.auth.getSession(new Headers({ cookie }))).toBeNull();
    expect(h.last('user.deleted', (event) => event.userId === userId)?.by).toBe('self');
    const refused = await h.call('/sign-in/email', { body: { email, password: PASSWORD } });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');

    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !h.last('user.anonymised', (event) => event.userId === userId)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const anonymised = await h.auth.users.getById(userId);
    expect(anonymised?.email).toMatch(/@anonymised\.invalid$/);
    expect(anonymised?.name).toBe('Deleted user');
    const accounts = await h.sdk.db.drizzle.select().from(account).where(eq(account.userId, userId));
    expect(accounts).toHaveLength(0);
    await expect(h.auth.users.restore(userId)).rejects.toMatchObject({ code: 'AUTH_NOT_ALLOWED' });
  });

  it('admin seed is idempotent; ban refuses sign-in with AUTH_USER_BANNED and ends sessions; setRole rotates', async () => {
    await h.sdk.seed();
    await h.sdk.seed();
    const admins = await h.sdk.db.drizzle.select().from(user).where(eq(user.email, 'root@example.com'));
    expect(admins).toHaveLength(1);
    expect(admins[0]?.role).toBe('admin');
    const adminIn = await h.call('/sign-in/email', { body: { email: 'root@example.com', password: ADMIN_PASSWORD } });
    expect(adminIn.status).toBe(200);

    const { cookie, userId } = await signedUpUser(h, 'target@example.com');
    const role = await h.call('/admin/set-role', { cookie: adminIn.cookie, body: { userId, role: 'editor' } });
    expect(role.status).toBe(200);
    expect(await h.auth.getSession(new Headers({ cookie }))).toBeNull();
    expect(h.last('user.role_changed', (event) => event.userId === userId)?.role).toBe('editor');

    const again = await h.call('/sign-in/email', { body: { email: 'target@example.com', password: PASSWORD } });
    const ban = await h.call('/admin/ban-user', { cookie: adminIn.cookie, body: { userId, banReason: 'spam' } });
    expect(ban.status).toBe(200);
    expect(await h.auth.getSession(new Headers({ cookie: again.cookie }))).toBeNull();
    expect(h.last('user.banned', (event) => event.userId === userId)?.reason).toBe('spam');
    const refused = await h.call('/sign-in/email', { body: { email: 'target@example.com', password: PASSWORD } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('AUTH_USER_BANNED');
    const unban = await h.call('/admin/unban-user', { cookie: adminIn.cookie, body: { userId } });
    expect(unban.status).toBe(200);
    expect(h.last('user.unbanned', (event) => event.userId === userId)).toBeTruthy();
  });

  it("an admin's remove-user is the soft delete (grace, then anonymised), refused to non-admins and for oneself", async () => {
    await h.sdk.seed();
    const adminIn = await h.call('/sign-in/email', { body: { email: 'root@example.com', password: ADMIN_PASSWORD } });
    const admin = await h.auth.getSession(new Headers({ cookie: adminIn.cookie }));
    const { cookie, userId } = await signedUpUser(h, 'removed@example.com');
    const other = await signedUpUser(h, 'bystander@example.com');

    const byUser = await h.call('/admin/remove-user', { cookie: other.cookie, body: { userId } });
    expect(byUser.status).toBe(403);
    const self = await h.call('/admin/remove-user', { cookie: adminIn.cookie, body: { userId: admin?.user.id } });
    expect(self.status).toBe(403);

    const removed = await h.call('/admin/remove-user', { cookie: adminIn.cookie, body: { userId } });
    expect(removed.status).toBe(200);
    expect(h.last('user.deleted', (event) => event.userId === userId)?.by).toBe('admin');
    const rows = await h.sdk.db.drizzle.select().from(user).where(eq(user.id, userId));
    expect(rows[0]?.deletedAt).toBeInstanceOf(Date);
    expect(await h.auth.getSession(new Headers({ cookie }))).toBeNull();
    const refused = await h.call('/sign-in/email', { body: { email: 'removed@example.com', password: PASSWORD } });
    expect(refused.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    // The row is kept (this file's grace period is 0 days, so the anonymise job follows at once), never hard-deleted.
    expect(rows).toHaveLength(1);
  });

  it('two-factor: enable, sign in with a TOTP code, then with a backup code', async () => {
    const email = 'totp@example.com';
    const { cookie } = await signedUpUser(h, email);
    const enabled = await h.call('/two-factor/enable', { cookie, body: { password: PASSWORD } });
    expect(enabled.status).toBe(200);
    const uri = enabled.body.totpURI as string;
    const backupCodes = enabled.body.backupCodes as string[];
    expect(backupCodes.length).toBeGreaterThan(3);
    const confirm = await h.call('/two-factor/verify-totp', { cookie, body: { code: totpFromUri(uri) } });
    expect(confirm.status).toBe(200);

    const first = await h.call('/sign-in/email', { body: { email, password: PASSWORD } });
    expect(first.status).toBe(200);
    expect(first.body.twoFactorRedirect).toBe(true);
    const bad = await h.call('/two-factor/verify-totp', { cookie: first.cookie, body: { code: '000000' } });
    expect(bad.body.error.code).toBe('AUTH_TWO_FACTOR_INVALID');
    const totp = await h.call('/two-factor/verify-totp', { cookie: first.cookie, body: { code: totpFromUri(uri) } });
    expect(totp.status).toBe(200);
    expect((await h.auth.getSession(new Headers({ cookie: totp.cookie })))?.user.email).toBe(email);

    const second = await h.call('/sign-in/email', { body: { email, password: PASSWORD } });
    const backup = await h.call('/two-factor/verify-backup-code', {
      cookie: second.cookie,
      body: { code: backupCodes[0] },
    });
    expect(backup.status).toBe(200);
    expect((await h.auth.getSession(new Headers({ cookie: backup.cookie })))?.user.email).toBe(email);
  });

  it('a scrypt hash (better-auth default) verifies and is rehashed to argon2id', async () => {
    const email = 'legacy@example.com';
    const { userId } = await signedUpUser(h, email);
    await h.sdk.db.drizzle
      .update(account)
      .set({ password: await legacyScryptHash(PASSWORD) })
      .where(eq(account.userId, userId));
    const signIn = await h.call('/sign-in/email', { body: { email, password: PASSWORD } });
    expect(signIn.status).toBe(200);
    const [row] = await h.sdk.db.drizzle.select().from(account).where(eq(account.userId, userId));
    expect(row?.password).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await h.call('/sign-in/email', { body: { email, password: PASSWORD } })).status).toBe(200);
  });

  it('bad input answers stable codes, never 500', async () => {
    const malformed = await h.call('/sign-in/email', { body: { email: 'not-an-email', password: PASSWORD } });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const signUpMalformed = await h.call('/sign-up/email', { body: { email: 'x@', password: PASSWORD, name: 'X' } });
    expect([signUpMalformed.status, signUpMalformed.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const huge = await h.call('/sign-in/email', { body: { email: 'a@example.com', password: 'x'.repeat(70_000) } });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const notJson = await h.call('/sign-in/email', { body: '{"email":' });
    expect(notJson.status).toBeLessThan(500);
    expect(notJson.body.error.code).toBeTruthy();

    const wrong = await h.call('/sign-in/email', { body: { email: 'nobody@example.com', password: PASSWORD } });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'AUTH_INVALID_CREDENTIALS']);

    const badToken = await h.call('/verify-email?token=not-a-token');
    expect(badToken.status).toBeLessThan(500);
    expect(badToken.body.error.code).toBe('AUTH_TOKEN_INVALID');

    const secret = (await h.auth.instance.$context).secret;
    const expired = await createEmailVerificationToken(secret, 'ada@example.com', undefined, -60);
    const late = await h.call(`/verify-email?token=${expired}`);
    expect(late.body.error.code).toBe('AUTH_TOKEN_EXPIRED');

    const { userId } = await signedUpUser(h, 'expired-reset@example.com');
    await h.call('/request-password-reset', { body: { email: 'expired-reset@example.com' } });
    const reset = h.last('user.password_reset_requested', (event) => event.userId === userId);
    await h.sdk.db.drizzle
      .update(verification)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(verification.value, userId));
    const tooLate = await h.call('/reset-password', { body: { token: reset?.token, newPassword: NEW_PASSWORD } });
    expect(tooLate.status).toBe(400);
    expect(['AUTH_TOKEN_INVALID', 'AUTH_TOKEN_EXPIRED']).toContain(tooLate.body.error.code);

    const unlink = await h.call('/unlink-account', {
      cookie: (await h.call('/sign-in/email', { body: { email: 'expired-reset@example.com', password: PASSWORD } }))
        .cookie,
      body: { accountId: 'any' },
    });
    expect(unlink.body.error.code).toBe('AUTH_LAST_SIGN_IN_METHOD');
  });

  it('users service: cached reads, cursor pagination, search and filters', async () => {
    const page1 = await h.auth.users.list({ limit: 2 });
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toBeTruthy();
    const page2 = await h.auth.users.list({ limit: 2, cursor: page1.nextCursor as string });
    expect(page2.items[0]?.id).not.toBe(page1.items[0]?.id);
    const search = await h.auth.users.list({ search: 'TOTP@' });
    expect(search.items.map((item) => item.email)).toEqual(['totp@example.com']);
    expect((await h.auth.users.list({ role: 'admin' })).items.map((item) => item.email)).toContain('root@example.com');
    expect((await h.auth.users.list({ deleted: true })).items.length).toBeGreaterThan(0);

    const found = await h.auth.users.getByEmail('totp@example.com');
    const renamed = await h.auth.users.updateProfile(found?.id as string, { name: 'Renamed' });
    expect(renamed.name).toBe('Renamed');
    expect((await h.auth.users.getById(found?.id as string))?.name).toBe('Renamed');
  });
});
