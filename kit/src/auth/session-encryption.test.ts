// Field encryption of the sessions' IP address and user agent (FIELD_ENCRYPTION_KEY): ciphertext in the row and in
// the cache entry, clear text on every read path, rows of before the key and of a former key still read.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFieldEncryption } from '../security/field-encryption.ts';
import { createAuthHarness, PASSWORD, signedUpUser, type AuthHarness } from './fixtures/harness.ts';
import { session, user } from './schema.ts';
import { AUTH_CACHE_PREFIX } from './secondary-storage.ts';

const IP = '203.0.113.7';
const AGENT = 'vitest-browser/1.0';
const OLD_KEY = randomBytes(32);
const NEW_KEY = randomBytes(32);
const tokenOf = (cookie: string) => decodeURIComponent(cookie.split('=')[1] ?? '').split('.')[0] as string;
const rowsOf = (h: AuthHarness, userId: string) =>
  h.sdk.db.drizzle.select().from(session).where(eq(session.userId, userId));

describe('session IP and user agent, encrypted (FIELD_ENCRYPTION_KEY)', () => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await createAuthHarness({
      config: {
        FIELD_ENCRYPTION_KEY: `k2:${NEW_KEY.toString('base64')}`,
        FIELD_ENCRYPTION_KEYS_OLD: `k1:${OLD_KEY.toString('base64')}`,
      },
    });
  });
  afterAll(() => h?.close());

  it('the row and the cache entry hold ciphertext; getSession (hit and miss) and better-auth answer in clear', async () => {
    const { cookie, userId } = await signedUpUser(h, 'sealed@example.com');
    const rows = await rowsOf(h, userId);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.ipAddress).toMatch(/^v1\.k2\./);
      expect(row.userAgent).toMatch(/^v1\.k2\./);
    }
    const key = AUTH_CACHE_PREFIX + tokenOf(cookie);
    const entry = JSON.stringify(await h.sdk.cache.get(key));
    expect(entry).not.toContain(IP);
    expect(entry).not.toContain(AGENT);

    const headers = new Headers({ cookie });
    const hit = await h.auth.getSession(headers);
    expect(hit?.session).toMatchObject({ ipAddress: IP, userAgent: AGENT });
    await h.sdk.cache.delete(key);
    const miss = await h.auth.getSession(headers);
    expect(miss?.session).toMatchObject({ ipAddress: IP, userAgent: AGENT });
    expect(miss).toEqual(hit);

    const viaBetterAuth = await h.call('/get-session', { cookie });
    expect(viaBetterAuth.body.session).toMatchObject({ ipAddress: IP, userAgent: AGENT });
    const list = await h.call('/list-sessions', { cookie });
    expect(list.status).toBe(200);
    // Two: the verification link signs in too.
    expect(list.body).toHaveLength(2);
    for (const item of list.body) expect(item).toMatchObject({ ipAddress: IP, userAgent: AGENT });
  });

  it("the admin's list-user-sessions answers in clear", async () => {
    const { userId: adminId } = await signedUpUser(h, 'sealed-admin@example.com');
    await h.sdk.db.drizzle.update(user).set({ role: 'admin' }).where(eq(user.id, adminId));
    const adminIn = await h.call('/sign-in/email', { body: { email: 'sealed-admin@example.com', password: PASSWORD } });
    const { userId } = await signedUpUser(h, 'sealed-target@example.com');
    const listed = await h.call('/admin/list-user-sessions', { cookie: adminIn.cookie, body: { userId } });
    expect(listed.status).toBe(200);
    expect(listed.body.sessions).toHaveLength(2);
    for (const item of listed.body.sessions) expect(item).toMatchObject({ userId, ipAddress: IP, userAgent: AGENT });
  });

  it('events carry the IP and user agent in clear, never ciphertext nor the session token', async () => {
    const { cookie, userId } = await signedUpUser(h, 'sealed-events@example.com');
    const created = h.last('session.created', (event) => event.userId === userId);
    expect(created).toMatchObject({ ip: IP, userAgent: AGENT });
    expect((await h.call('/sign-out', { cookie, body: {} })).status).toBe(200);
    const revoked = h.last('session.revoked', (event) => event.userId === userId);
    expect(revoked).toBeDefined();
    const token = tokenOf(cookie);
    for (const { name, payload } of h.events.filter((event) => event.name.startsWith('session.'))) {
      const text = JSON.stringify(payload);
      expect(text, name).not.toMatch(/v1\.k[12]\./);
      expect(text, name).not.toContain(token);
    }
  });

  it('a row written before the key (clear text) and one sealed by the former key both read', async () => {
    const { cookie, userId } = await signedUpUser(h, 'sealed-legacy@example.com');
    const headers = new Headers({ cookie });
    const key = AUTH_CACHE_PREFIX + tokenOf(cookie);

    await h.sdk.db.drizzle
      .update(session)
      .set({ ipAddress: '198.51.100.1', userAgent: 'legacy-agent/0.9' })
      .where(eq(session.userId, userId));
    await h.sdk.cache.delete(key);
    expect((await h.auth.getSession(headers))?.session).toMatchObject({
      ipAddress: '198.51.100.1',
      userAgent: 'legacy-agent/0.9',
    });

    const old = createFieldEncryption({ current: { id: 'k1', key: OLD_KEY } });
    await h.sdk.db.drizzle
      .update(session)
      .set({
        ipAddress: old.encrypt('192.0.2.55', 'auth.session.ip_address'),
        userAgent: old.encrypt('rotated-agent/1.1', 'auth.session.user_agent'),
      })
      .where(eq(session.userId, userId));
    await h.sdk.cache.delete(key);
    expect((await h.auth.getSession(headers))?.session).toMatchObject({
      ipAddress: '192.0.2.55',
      userAgent: 'rotated-agent/1.1',
    });
    const list = await h.call('/list-sessions', { cookie });
    expect(list.body[0]).toMatchObject({ ipAddress: '192.0.2.55', userAgent: 'rotated-agent/1.1' });
  });

  it('the ciphertext is bound to its column: swapped into the other column it reads as null', async () => {
    const { cookie, userId } = await signedUpUser(h, 'sealed-swap@example.com');
    const [row] = await rowsOf(h, userId);
    await h.sdk.db.drizzle
      .update(session)
      .set({ ipAddress: row?.userAgent ?? null, userAgent: row?.ipAddress ?? null })
      .where(eq(session.userId, userId));
    await h.sdk.cache.delete(AUTH_CACHE_PREFIX + tokenOf(cookie));
    const found = await h.auth.getSession(new Headers({ cookie }));
    expect(found?.user.id).toBe(userId);
    expect(found?.session).toMatchObject({ ipAddress: null, userAgent: null });
  });

  it('a session due for its renewal goes through better-auth: renewed (cookie set), answered in clear', async () => {
    const { cookie, userId } = await signedUpUser(h, 'sealed-renewal@example.com');
    const due = async () => {
      await h.sdk.db.drizzle
        .update(session)
        .set({ expiresAt: new Date(Date.now() + 60_000) })
        .where(eq(session.userId, userId));
      await h.sdk.cache.delete(AUTH_CACHE_PREFIX + tokenOf(cookie));
    };
    await due();
    const renewed = await h.call('/get-session', { cookie });
    expect(renewed.status).toBe(200);
    expect(renewed.headers.getSetCookie().join('\n')).toContain('session_token=');
    expect(renewed.body.session).toMatchObject({ ipAddress: IP, userAgent: AGENT });
    expect(new Date(renewed.body.session.expiresAt).getTime()).toBeGreaterThan(Date.now() + 3_600_000);

    await due();
    const viaLookup = await h.auth.getSession(new Headers({ cookie }));
    expect(viaLookup?.session).toMatchObject({ ipAddress: IP, userAgent: AGENT });
    const [row] = await rowsOf(h, userId);
    expect(row?.ipAddress).toMatch(/^v1\.k2\./);
  });

  it('OAuth access and refresh tokens are encrypted at rest by better-auth', () => {
    expect(h.auth.instance.options.account?.encryptOAuthTokens).toBe(true);
  });
});

describe('session IP and user agent without FIELD_ENCRYPTION_KEY', () => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await createAuthHarness();
  });
  afterAll(() => h?.close());

  it('are stored and answered in clear, OAuth tokens too', async () => {
    const { cookie, userId } = await signedUpUser(h, 'clear@example.com');
    const [row] = await rowsOf(h, userId);
    expect(row).toMatchObject({ ipAddress: IP, userAgent: AGENT });
    expect((await h.auth.getSession(new Headers({ cookie })))?.session).toMatchObject({
      ipAddress: IP,
      userAgent: AGENT,
    });
    expect(h.auth.instance.options.account?.encryptOAuthTokens).toBe(false);
  });
});
