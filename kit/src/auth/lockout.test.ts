import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthHarness, NEW_PASSWORD, PASSWORD, signedUpUser, type AuthHarness } from './fixtures/harness.ts';

// Issue 17: a stranger who knows only the email must not lock the owner out; a stolen session must not become a
// password oracle. Numbers: DEFAULT_RATE_LIMIT_POLICIES (sign-in 5 failures → 15 min lock, 30, 1 h at most; per
// account 3 mails an hour, past which no mail and the same answer).
const WRONG = 'wrong-Password-1234';
let ipCounter = 0;
/** A new address for every request of the attacker: per-IP budgets never stop them. */
const freshIp = () => `198.18.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

describe('a stranger who knows the email', () => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await createAuthHarness({ config: { RATE_LIMIT_ENABLED: true } });
  });
  afterAll(() => h?.close());

  it('locks out strangers, not the owner: the mailed link brings the owner back, their devices stay open', async () => {
    const email = 'owner@example.com';
    await signedUpUser(h, email);
    const ownerDevice = await h.call('/sign-in/email', { body: { email, password: PASSWORD }, ip: '192.0.2.50' });
    expect(ownerDevice.status).toBe(200);
    expect(ownerDevice.cookie).toMatch(/sv_device=/);
    const deviceCookie = ownerDevice.cookie
      .split('; ')
      .filter((part) => part.includes('sv_device='))
      .join('; ');

    // The attacker: 5 wrong passwords and 3 reset requests, each from a new address.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await h.call('/sign-in/email', { body: { email, password: WRONG }, ip: freshIp() });
      expect(wrong.status).toBe(401);
    }
    expect(h.last('user.locked', (event) => event.email === email)).toMatchObject({ failures: 5 });
    const mailsBefore = h.events.filter((event) => event.name === 'user.password_reset_requested').length;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const reset = await h.call('/request-password-reset', { body: { email }, ip: freshIp() });
      expect(reset.status).toBe(200);
    }

    // The owner on a device they signed in from before: not locked.
    const onDevice = await h.call('/sign-in/email', {
      body: { email, password: PASSWORD },
      ip: freshIp(),
      cookie: deviceCookie,
    });
    expect(onDevice.status).toBe(200);

    // The owner on a new device: the account's lock holds there…
    const newDevice = await h.call('/sign-in/email', { body: { email, password: PASSWORD }, ip: freshIp() });
    expect(newDevice.status).toBe(429);
    // …but a reset request is answered as always (no 429), and the mailbox holds the links already sent.
    const ownerReset = await h.call('/request-password-reset', { body: { email }, ip: freshIp() });
    expect(ownerReset.status).toBe(200);
    const mails = h.events.filter(
      (event) => event.name === 'user.password_reset_requested' && (event.payload as { email: string }).email === email,
    );
    expect(mails.length - mailsBefore).toBe(3); // the stranger's three; past the mail budget nothing more is sent
    const link = h.last('user.password_reset_requested', (event) => event.email === email);
    const done = await h.call('/reset-password', {
      body: { token: link?.token, newPassword: NEW_PASSWORD },
      ip: freshIp(),
    });
    expect(done.status).toBe(200);
    // Proof of the mailbox lifted the lock: the owner signs in from anywhere.
    const back = await h.call('/sign-in/email', { body: { email, password: NEW_PASSWORD }, ip: freshIp() });
    expect(back.status).toBe(200);
  });

  it('a device cookie of another account, or a forged one, is a stranger’s device', async () => {
    const victim = 'victim@example.com';
    const other = 'other@example.com';
    await signedUpUser(h, victim);
    await signedUpUser(h, other);
    const otherDevice = await h.call('/sign-in/email', { body: { email: other, password: PASSWORD }, ip: freshIp() });
    const otherCookie = otherDevice.cookie
      .split('; ')
      .filter((part) => part.includes('sv_device='))
      .join('; ');
    expect(otherCookie).not.toBe('');
    for (let attempt = 0; attempt < 5; attempt += 1)
      await h.call('/sign-in/email', { body: { email: victim, password: WRONG }, ip: freshIp() });
    const withOther = await h.call('/sign-in/email', {
      body: { email: victim, password: PASSWORD },
      ip: freshIp(),
      cookie: otherCookie,
    });
    expect(withOther.status).toBe(429);
    const forged = await h.call('/sign-in/email', {
      body: { email: victim, password: PASSWORD },
      ip: freshIp(),
      cookie: otherCookie.replace(/=([^;]*)/, '=forged!device.signature'),
    });
    expect(forged.status).toBe(429);
  });

  it('magic links: past the per-account mail budget the same answer and no mail, never a 429', async () => {
    const email = 'magic@example.com';
    await signedUpUser(h, email);
    const answers: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      answers.push((await h.call('/sign-in/magic-link', { body: { email }, ip: freshIp() })).status);
    }
    expect(answers).toEqual([200, 200, 200, 200, 200, 200]);
    const sent = h.events.filter(
      (event) => event.name === 'user.magic_link_requested' && (event.payload as { email: string }).email === email,
    );
    expect(sent).toHaveLength(3);
  });
});

describe('password checks behind a session', () => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await createAuthHarness({ config: { RATE_LIMIT_ENABLED: true } });
  });
  afterAll(() => h?.close());

  it('count with the sign-in failures: the 5th wrong one ends the session, each is an event', async () => {
    const email = 'stolen-cookie@example.com';
    const { cookie } = await signedUpUser(h, email);
    const tries = [
      ['/change-password', { currentPassword: WRONG, newPassword: NEW_PASSWORD }],
      ['/two-factor/enable', { password: WRONG }],
      ['/two-factor/disable', { password: WRONG }],
      ['/delete-user', { password: WRONG }],
    ] as const;
    for (const [path, body] of tries) {
      const wrong = await h.call(path, { body, cookie, ip: freshIp() });
      expect([wrong.status, wrong.body?.error?.code], path).toEqual([401, 'AUTH_INVALID_CREDENTIALS']);
      const alive = await h.call('/get-session', { cookie });
      expect(alive.body?.user?.email, `${path} must not end the session yet`).toBe(email);
    }
    const fifth = await h.call('/change-password', {
      body: { currentPassword: WRONG, newPassword: NEW_PASSWORD },
      cookie,
      ip: freshIp(),
    });
    expect(fifth.body?.error?.code).toBe('AUTH_INVALID_CREDENTIALS');
    const failures = h.events.filter(
      (event) => event.name === 'user.password_check_failed' && (event.payload as { email: string }).email === email,
    );
    expect(failures.map((event) => (event.payload as { path: string }).path)).toEqual([
      '/change-password',
      '/two-factor/enable',
      '/two-factor/disable',
      '/delete-user',
      '/change-password',
    ]);
    expect(h.last('user.locked', (event) => event.email === email)).toMatchObject({ failures: 5 });
    // The session is over: even the right password does not help the cookie's holder.
    const ended = await h.call('/get-session', { cookie });
    expect(ended.body).toBeNull();
    const right = await h.call('/change-password', {
      body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      cookie,
      ip: freshIp(),
    });
    expect(right.status).toBe(401);
  });

  it('a session whose account is locked meanwhile is ended at its next password check', async () => {
    const email = 'locked-elsewhere@example.com';
    const { cookie } = await signedUpUser(h, email);
    for (let attempt = 0; attempt < 5; attempt += 1)
      await h.call('/sign-in/email', { body: { email, password: WRONG }, ip: freshIp() });
    const check = await h.call('/change-password', {
      body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      cookie,
      ip: freshIp(),
    });
    expect(check.status).toBe(401);
    expect(check.body.error.code).toBe('AUTH_SESSION_ENDED');
    expect((await h.call('/get-session', { cookie })).body).toBeNull();
  });
});
