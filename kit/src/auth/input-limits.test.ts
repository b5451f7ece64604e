import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { svSdkHandle } from '../sveltekit/handle.ts';
import { authActions } from '../sveltekit/auth-actions.ts';
import { throughHandle } from '../sveltekit/fixtures/request-event.ts';
import { createAuthHarness, PASSWORD, signedUpUser, type AuthHarness } from './fixtures/harness.ts';
import { user } from './schema.ts';

// Issue 9 item 2 and issue 17 item 7: inputs that answered 500. Each must be a 4xx with the stable body.
const overlong = (prefix: string) => `${prefix}${'a'.repeat(1100)}@example.com`;
let ipCounter = 0;
const nextIp = () => `198.51.100.${(ipCounter += 1)}`;

describe('client input never ends in a 5xx', () => {
  let h: AuthHarness;
  let handle: ReturnType<typeof svSdkHandle>;
  beforeAll(async () => {
    // Rate limits on: the limiter refused keys over 1,024 characters with a 500.
    h = await createAuthHarness({ config: { RATE_LIMIT_ENABLED: true } });
    handle = svSdkHandle({ sdk: h.sdk });
  });
  afterAll(() => h?.close());

  const expectValidation = (response: { status: number; body: { error?: { code?: string } } }) => {
    expect(response.status).toBe(400);
    expect(response.body.error?.code).toBe('VALIDATION_FAILED');
  };

  it.each(['/sign-in/email', '/request-password-reset', '/sign-in/magic-link', '/send-verification-email'])(
    '%s refuses an email over 254 characters with VALIDATION_FAILED',
    async (path) => {
      const response = await h.call(path, { body: { email: overlong('x'), password: 'x' }, ip: nextIp() });
      expectValidation(response);
    },
  );

  it('sign-up refuses an email over 254 characters and stores nothing; 254 characters are accepted', async () => {
    const long = overlong('signup');
    expectValidation(
      await h.call('/sign-up/email', { body: { email: long, password: PASSWORD, name: 'Long' }, ip: nextIp() }),
    );
    const at254 = `${'l'.repeat(64)}@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(57)}.com`;
    expect(at254).toHaveLength(254);
    const ok = await h.call('/sign-up/email', {
      body: { email: at254, password: PASSWORD, name: 'Long' },
      ip: nextIp(),
    });
    expect(ok.status).toBe(200);
    const over = `x${at254}`;
    expectValidation(
      await h.call('/sign-up/email', { body: { email: over, password: PASSWORD, name: 'Long' }, ip: nextIp() }),
    );
    const rows = await h.sdk.db.drizzle.select({ email: user.email }).from(user);
    expect(rows.every((row) => row.email.length <= 254)).toBe(true);
  });

  it("change-email's newEmail and the admin's create-user email are capped too", async () => {
    const { cookie, userId } = await signedUpUser(h, 'cap-admin@example.com');
    expectValidation(await h.call('/change-email', { cookie, body: { newEmail: overlong('new') } }));
    await h.sdk.db.drizzle.update(user).set({ role: 'admin' }).where(eq(user.id, userId));
    const adminIn = await h.call('/sign-in/email', { body: { email: 'cap-admin@example.com', password: PASSWORD } });
    expectValidation(
      await h.call('/admin/create-user', {
        cookie: adminIn.cookie,
        body: { email: overlong('created'), password: PASSWORD, name: 'Created' },
      }),
    );
  });

  it('NUL bytes in tokens, names and emails are VALIDATION_FAILED (PostgreSQL never sees them)', async () => {
    const { cookie } = await signedUpUser(h, 'nul@example.com');
    expectValidation(await h.call('/reset-password', { body: { token: 'a\u0000b', newPassword: PASSWORD } }));
    expectValidation(await h.call('/reset-password?token=%00', { body: { newPassword: PASSWORD } }));
    expectValidation(await h.call('/magic-link/verify?token=%00'));
    expectValidation(await h.call('/verify-email?token=%00'));
    expectValidation(await h.call('/reset-password/%00'));
    expectValidation(await h.call('/revoke-session', { cookie, body: { token: 'a\u0000b' } }));
    expectValidation(await h.call('/update-user', { cookie, body: { name: 'a\u0000b' } }));
    expectValidation(await h.call('/update-user', { cookie, body: { name: 'bell\u0007' } }));
    expectValidation(await h.call('/sign-in/email', { body: { email: 'a\u0000b@example.com', password: 'x' } }));
    expectValidation(
      await h.call('/sign-up/email', {
        body: { email: 'nul-name@example.com', password: PASSWORD, name: 'a\u0000b' },
        ip: nextIp(),
      }),
    );
    expectValidation(await h.call('/update-user', { cookie, body: { name: 'n'.repeat(10_000) } }));
    expectValidation(await h.call('/revoke-session', { cookie, body: { token: 't'.repeat(5_000) } }));
  });

  it('confirming an email change to an address another account took meanwhile is a 409 conflict', async () => {
    const { cookie, userId } = await signedUpUser(h, 'mover@example.com');
    const asked = await h.call('/change-email', { cookie, body: { newEmail: 'contested@example.com' } });
    expect(asked.status).toBe(200);
    const requested = h.last('user.email_change_requested', (event) => event.userId === userId);
    await signedUpUser(h, 'contested@example.com');
    const confirmed = await h.call(`/verify-email?token=${requested?.token}`, { cookie });
    expect(confirmed.status).toBe(409);
    expect(confirmed.body.error.code).toBe('AUTH_EMAIL_CHANGE_CONFLICT');
    expect((await h.auth.users.getById(userId))?.email).toBe('mover@example.com');

    // The link in the email carries a callback URL: the browser goes back there with the code.
    await h.call('/change-email', { cookie, body: { newEmail: 'contested-2@example.com' } });
    const second = h.last('user.email_change_requested', (event) => event.newEmail === 'contested-2@example.com');
    await signedUpUser(h, 'contested-2@example.com');
    const callbackURL = encodeURIComponent('/verify-email?changed=1');
    const clicked = await h.call(`/verify-email?token=${second?.token}&callbackURL=${callbackURL}`, { cookie });
    expect(clicked.status).toBe(302);
    expect(clicked.headers.get('location')).toBe('/verify-email?changed=1&error=AUTH_EMAIL_CHANGE_CONFLICT');
  });

  describe('form actions', () => {
    const auth = authActions();
    const run = async (action: keyof typeof auth, form: Record<string, string>, cookie?: string) => {
      const { response } = await throughHandle(handle, '/form', {
        form,
        cookie,
        ip: nextIp(),
        route: async (event) => {
          try {
            return Response.json(await (auth[action] as (e: typeof event) => Promise<unknown>)(event));
          } catch (error) {
            return Response.json({ thrown: String(error) }, { status: 500 });
          }
        },
      });
      return (await response.json()) as { status?: number; data?: { fieldErrors?: Record<string, string[]> } };
    };

    it('the reset form refuses a NUL token, the profile form a NUL or control-character name, with field errors', async () => {
      const reset = await run('resetPassword', { token: 'a\u0000b', password: PASSWORD });
      expect(reset.status).toBe(400);
      expect(reset.data?.fieldErrors?.token).toEqual(['VALIDATION_FAILED']);
      const { cookie } = await signedUpUser(h, 'form-nul@example.com');
      const profile = await run('updateProfile', { name: 'a\u0000b' }, cookie);
      expect(profile.status).toBe(400);
      expect(profile.data?.fieldErrors?.name).toEqual(['VALIDATION_FAILED']);
      const bell = await run('updateProfile', { name: 'bell\u0007' }, cookie);
      expect(bell.data?.fieldErrors?.name).toEqual(['VALIDATION_FAILED']);
      const login = await run('login', { email: 'a\u0000b@example.com', password: 'x\u0000' });
      expect(login.status).toBe(400);
      expect(login.data?.fieldErrors?.email).toEqual(['VALIDATION_FAILED']);
    });
  });
});
