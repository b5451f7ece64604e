// The session lookup on a cache miss: one read of the row, a refill behind the answer that better-auth can read, and
// no refill that outlives a revocation racing it.
import { getTableColumns } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuthHarness, signedUpUser, type AuthHarness } from './fixtures/harness.ts';
import { session, user } from './schema.ts';
import { AUTH_CACHE_PREFIX } from './secondary-storage.ts';
import { createSessionReader } from './session.ts';

const tokenOf = (cookie: string) => decodeURIComponent(cookie.split('=')[1] ?? '').split('.')[0] as string;

describe('session cache miss', () => {
  let h: AuthHarness;
  beforeAll(async () => {
    h = await createAuthHarness();
  });
  afterAll(() => h?.close());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers from the row and refills the cache with an entry better-auth reads', async () => {
    const { cookie } = await signedUpUser(h, 'miss@example.com');
    const headers = new Headers({ cookie });
    const key = AUTH_CACHE_PREFIX + tokenOf(cookie);
    const cached = await h.auth.getSession(headers);
    await h.sdk.cache.delete(key);

    const found = await h.auth.getSession(headers);
    expect(found).toEqual(cached);
    expect(found?.session).not.toHaveProperty('token');
    await vi.waitFor(async () => expect(await h.sdk.cache.get(key)).toBeTruthy());

    // better-auth's own routes read the refilled entry.
    const viaBetterAuth = await h.call('/get-session', { cookie });
    expect(viaBetterAuth.status).toBe(200);
    expect(viaBetterAuth.body.user.email).toBe('miss@example.com');
    expect(new Date(viaBetterAuth.body.session.expiresAt).getTime()).toBe(found?.session.expiresAt.getTime());
    const list = await h.call('/list-sessions', { cookie });
    expect(list.body).toHaveLength(2);
    // And the hit path serves it too.
    expect(await h.auth.getSession(headers)).toEqual(cached);
  });

  it('auth.session_by_token returns every property of the Drizzle tables (a new column needs a new version)', async () => {
    const { cookie } = await signedUpUser(h, 'columns@example.com');
    const text = await createSessionReader(h.sdk.db)(tokenOf(cookie));
    const entry = JSON.parse(text ?? '{}') as { session: object; user: object };
    expect(Object.keys(entry.session).sort()).toEqual(Object.keys(getTableColumns(session)).sort());
    expect(Object.keys(entry.user).sort()).toEqual(Object.keys(getTableColumns(user)).sort());
    expect(await createSessionReader(h.sdk.db)('no-such-token')).toBeUndefined();
  });

  it('inside db.transaction() the read joins the transaction (PGlite would deadlock outside it)', async () => {
    const { cookie } = await signedUpUser(h, 'in-transaction@example.com');
    const headers = new Headers({ cookie });
    await h.sdk.cache.delete(AUTH_CACHE_PREFIX + tokenOf(cookie));
    const found = await h.sdk.db.transaction(() => h.auth.getSession(headers));
    expect(found?.user.email).toBe('in-transaction@example.com');
  });

  it('a sign-out while a miss is reading the row leaves no cached copy behind', async () => {
    const { cookie } = await signedUpUser(h, 'race-a@example.com');
    const headers = new Headers({ cookie });
    const key = AUTH_CACHE_PREFIX + tokenOf(cookie);
    await h.sdk.cache.delete(key);
    const pending = h.auth.getSession(headers);
    expect((await h.call('/sign-out', { cookie, body: {} })).status).toBe(200);
    await pending;
    expect(await h.sdk.cache.get(key)).toBeUndefined();
    expect(await h.auth.getSession(headers)).toBeNull();
  });

  it('a miss after better-auth drops the key but before it deletes the row does not bring the session back', async () => {
    const { cookie } = await signedUpUser(h, 'race-b@example.com');
    const headers = new Headers({ cookie });
    const key = AUTH_CACHE_PREFIX + tokenOf(cookie);
    await h.auth.getSession(headers);
    // better-auth's sign-out deletes the cache key, then the row: a lookup right after the first step reads the
    // row (still there) and refills the cache.
    const cache = h.sdk.cache;
    const remove = cache.delete.bind(cache);
    let raced: Promise<unknown> | undefined;
    vi.spyOn(cache, 'delete').mockImplementation(async (keys) => {
      await remove(keys);
      if (keys === key && !raced) raced = h.auth.getSession(headers);
    });
    expect((await h.call('/sign-out', { cookie, body: {} })).status).toBe(200);
    expect(raced).toBeDefined();
    await raced;
    vi.restoreAllMocks();
    expect(await h.sdk.cache.get(key)).toBeUndefined();
    expect(await h.auth.getSession(headers)).toBeNull();
  });
});
