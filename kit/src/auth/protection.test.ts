import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSDKError } from '../core/errors.ts';
import { runWithRequestContext } from '../core/request-context.ts';
import { createAuthHarness, NEW_PASSWORD, PASSWORD, signedUpUser, type AuthHarness } from './fixtures/harness.ts';
import { hashPassword } from './password-hash.ts';
import { account, user } from './schema.ts';

/** The body without the request id (which differs per request by design). */
const stable = (body: { error?: { requestId?: string } }) => {
  const copy = structuredClone(body);
  if (copy.error) delete copy.error.requestId;
  return copy;
};

describe('rate limits and lockout', () => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await createAuthHarness({ config: { RATE_LIMIT_ENABLED: true } });
  });
  afterAll(() => h?.close());

  it('the 6th sign-in of an account answers 429 with Retry-After, over HTTP and through auth.api', async () => {
    const email = 'limited@example.com';
    await signedUpUser(h, email);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const wrong = await h.call('/sign-in/email', {
        body: { email, password: 'wrong-Password-1234' },
        ip: `192.0.2.${attempt}`,
      });
      expect(wrong.status).toBe(401);
    }
    const fifth = await h.call('/sign-in/email', { body: { email, password: 'wrong-Password-1234' }, ip: '192.0.2.5' });
    expect(fifth.status).toBe(401);
    expect(h.last('user.locked', (event) => event.email === email)).toBeTruthy();
    const sixth = await h.call('/sign-in/email', { body: { email, password: PASSWORD }, ip: '192.0.2.6' });
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.code).toBe('RATE_LIMITED');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);

    // Server-side calls go through the same hooks.
    const thrown = await runWithRequestContext({ clientIp: '192.0.2.7' }, () =>
      h.auth.api.signInEmail({ body: { email, password: PASSWORD }, headers: new Headers() }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    const mapped = h.auth.toError(thrown);
    expect(isSDKError(mapped)).toBe(true);
    expect(mapped.code).toBe('RATE_LIMITED');
    expect(mapped.status).toBe(429);
    expect(Number(mapped.headers?.['Retry-After'])).toBeGreaterThan(0);
  });

  it('a password reset unlocks the account', async () => {
    const email = 'limited@example.com';
    await h.call('/request-password-reset', { body: { email }, ip: '192.0.2.20' });
    const reset = h.last('user.password_reset_requested', (event) => event.email === email);
    const done = await h.call('/reset-password', {
      body: { token: reset?.token, newPassword: NEW_PASSWORD },
      ip: '192.0.2.21',
    });
    expect(done.status).toBe(200);
    const signIn = await h.call('/sign-in/email', { body: { email, password: NEW_PASSWORD }, ip: '192.0.2.22' });
    expect(signIn.status).toBe(200);
  });

  it('one IP behind a NAT: 100 accounts sign in; per-IP budgets count failures only, unknown emails included', async () => {
    // 100 colleagues behind one address, created directly (one hash for all: sign-up is not what is measured).
    const hash = await hashPassword(PASSWORD);
    const now = new Date();
    const emails = Array.from({ length: 100 }, (_, index) => `colleague${index}@nat.example.com`);
    await h.sdk.db.drizzle.insert(user).values(
      emails.map((email, index) => ({
        id: `nat-user-${index}`,
        name: `Colleague ${index}`,
        email,
        emailVerified: true,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await h.sdk.db.drizzle.insert(account).values(
      emails.map((_, index) => ({
        id: `nat-account-${index}`,
        accountId: `nat-user-${index}`,
        providerId: 'credential',
        userId: `nat-user-${index}`,
        password: hash,
        createdAt: now,
        updatedAt: now,
      })),
    );
    const statuses: number[] = [];
    for (const email of emails) {
      const response = await h.call('/sign-in/email', { body: { email, password: PASSWORD }, ip: '198.51.100.10' });
      statuses.push(response.status);
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(100);

    // Wrong guesses from one address, each on an account of its own (unknown ones too): refused after 100.
    const guesses: number[] = [];
    for (let attempt = 1; attempt <= 101; attempt += 1) {
      const response = await h.call('/sign-in/email', {
        body: { email: `ghost${attempt}@example.com`, password: 'wrong-Password-1234' },
        ip: '198.51.100.200',
      });
      guesses.push(response.status);
    }
    expect(guesses.slice(0, 100).every((status) => status === 401)).toBe(true);
    expect(guesses[100]).toBe(429);
    // A colleague at the guessing address is refused too; the NAT's own address is not.
    const fromGuesser = await h.call('/sign-in/email', {
      body: { email: emails[0], password: PASSWORD },
      ip: '198.51.100.200',
    });
    expect(fromGuesser.status).toBe(429);
  });
});

describe('no user enumeration', () => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await createAuthHarness();
  });
  afterAll(() => h?.close());

  it('sign-in, sign-up and reset answer identically for known and unknown emails', async () => {
    const known = 'known@example.com';
    await signedUpUser(h, known);
    const unknown = 'unknown@example.com';

    const a = await h.call('/sign-in/email', { body: { email: known, password: 'wrong-Password-1234' } });
    const b = await h.call('/sign-in/email', { body: { email: unknown, password: 'wrong-Password-1234' } });
    expect([a.status, stable(a.body)]).toEqual([b.status, stable(b.body)]);

    const normalise = (body: { user: Record<string, unknown>; token: unknown }) => ({
      token: body.token,
      keys: Object.keys(body.user).sort(),
      user: { ...body.user, id: 'x', createdAt: 'x', updatedAt: 'x', email: 'x' },
    });
    const existing = await h.call('/sign-up/email', { body: { email: known, password: PASSWORD, name: 'Same Name' } });
    const fresh = await h.call('/sign-up/email', {
      body: { email: 'brand-new@example.com', password: PASSWORD, name: 'Same Name' },
    });
    expect(existing.status).toBe(fresh.status);
    expect(normalise(existing.body)).toEqual(normalise(fresh.body));
    expect(h.last('user.existing_signup', (event) => event.email === known)).toBeTruthy();

    const r1 = await h.call('/request-password-reset', { body: { email: known } });
    const r2 = await h.call('/request-password-reset', { body: { email: unknown } });
    expect([r1.status, r1.body]).toEqual([r2.status, r2.body]);
  });

  it('a failed sign-up leaves no orphan rows (one transaction)', async () => {
    const failing = await createAuthHarness({
      auth: {
        plugins: [
          {
            id: 'fail-account-create',
            init: () => ({
              options: {
                databaseHooks: {
                  account: {
                    create: {
                      before: async () => {
                        throw new Error('account insert fails');
                      },
                    },
                  },
                },
              },
            }),
          },
        ],
      },
    });
    try {
      const response = await failing.call('/sign-up/email', {
        body: { email: 'orphan@example.com', password: PASSWORD, name: 'Orphan' },
      });
      expect(response.status).toBe(500);
      expect(response.body.error.code).toBe('INTERNAL_ERROR');
      const users = await failing.sdk.db.drizzle.select().from(user).where(eq(user.email, 'orphan@example.com'));
      expect(users).toHaveLength(0);
      expect(await failing.sdk.db.drizzle.select().from(account)).toHaveLength(0);
    } finally {
      await failing.close();
    }
  });
});
