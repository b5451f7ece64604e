// A PostgreSQL outage must not sign anyone out: a session found in the cache keeps answering, one that needs the
// database gets 503 SERVICE_UNAVAILABLE with Retry-After (never 401), pages that need the user answer 503 instead of
// sending the person to sign in, and the app recovers by itself. Always on the machine's PostgreSQL (a scratch
// database that really refuses connections), whatever SV_SDK_TEST_DB says.
import { isHttpError, type RequestEvent } from '@sveltejs/kit';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbPlugin } from '../db/plugin.ts';
import { requireUser } from '../sveltekit/guards.ts';
import { svSdkHandle } from '../sveltekit/handle.ts';
import { svSdkLocals } from '../sveltekit/locals.ts';
import { createScratchPostgresDatabase, testPostgresUrl, type ScratchPostgresDatabase } from '../testing/index.ts';
import { BASE_URL, createAuthHarness, PASSWORD, signedUpUser, type AuthHarness } from './fixtures/harness.ts';
import { AUTH_CACHE_PREFIX } from './secondary-storage.ts';

describe('a PostgreSQL outage', () => {
  let scratch: ScratchPostgresDatabase;
  let h: AuthHarness;

  /** The database goes away (new connections refused, open ones terminated), or comes back. */
  async function outage(down: boolean) {
    const sql = postgres(testPostgresUrl(), { max: 1, onnotice: () => {}, connect_timeout: 10 });
    try {
      await sql.unsafe(`alter database "${scratch.name}" allow_connections ${down ? 'false' : 'true'}`);
      if (down)
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${scratch.name} and pid <> pg_backend_pid()`;
    } finally {
      await sql.end({ timeout: 5 });
    }
  }

  beforeAll(async () => {
    scratch = await createScratchPostgresDatabase();
    h = await createAuthHarness({
      config: {
        DATABASE_URL: scratch.url,
        DB_MIGRATE_ON_START: true,
        DB_CONNECT_TIMEOUT_MS: 2000,
        // On: a sign-in failed by the outage must not count towards a lockout.
        RATE_LIMIT_ENABLED: true,
      },
      sdk: { plugins: [dbPlugin()] },
    });
  });
  afterAll(async () => {
    if (scratch) await outage(false).catch(() => {});
    await h?.close();
    await scratch?.drop();
  });

  /** Runs the SvelteKit handle for a page GET; the route calls `requireUser`. */
  async function page(cookie: string) {
    const handle = svSdkHandle({ sdk: h.sdk });
    const url = new URL('/profile', BASE_URL);
    const request = new Request(url, { headers: { cookie, accept: 'text/html' } });
    const event = {
      url,
      request,
      locals: {},
      cookies: { get: () => undefined, getAll: () => [], set: () => {}, delete: () => {}, serialize: () => '' },
      getClientAddress: () => '203.0.113.60',
    } as unknown as RequestEvent;
    let thrown: unknown;
    const response = await handle({
      event,
      resolve: async (resolved) => {
        try {
          requireUser(resolved);
        } catch (error) {
          thrown = error;
          if (isHttpError(error)) return new Response(null, { status: error.status });
          throw error;
        }
        return new Response('<p>profile</p>', { headers: { 'content-type': 'text/html' } });
      },
    });
    return { response, thrown, locals: svSdkLocals(event.locals) };
  }

  it('keeps cached sessions, answers 503 with Retry-After instead of 401, and recovers by itself', async () => {
    const cached = await signedUpUser(h, 'cached@example.com');
    const uncached = await signedUpUser(h, 'uncached@example.com');
    await h.sdk.cache.deleteByPrefix(AUTH_CACHE_PREFIX);
    expect(await h.auth.getSession(new Headers({ cookie: cached.cookie }))).not.toBeNull(); // back in the cache

    await outage(true);
    try {
      // In the cache: the session still answers, on the server and through better-auth's endpoint.
      expect((await h.auth.getSession(new Headers({ cookie: cached.cookie })))?.user.email).toBe('cached@example.com');
      const cachedCall = await h.call('/get-session', { cookie: cached.cookie });
      expect([200, 503]).toContain(cachedCall.status);
      if (cachedCall.status === 200) expect(cachedCall.body?.user?.email).toBe('cached@example.com');

      // Not in the cache: never "you are signed out".
      const started = Date.now();
      for (const path of ['/get-session', '/list-sessions']) {
        const answer = await h.call(path, { cookie: uncached.cookie });
        expect(answer.status, path).toBe(503);
        expect(answer.headers.get('retry-after'), path).toBe('5');
        expect(answer.body?.error?.code, path).toBe('SERVICE_UNAVAILABLE');
        // The cookie is kept: nothing tells the browser to drop it.
        expect(answer.headers.getSetCookie().filter((header) => /session_token=;|max-age=0/i.test(header))).toEqual([]);
      }
      // A page that needs the user: 503, not a redirect to sign in, and the person is not "session ended".
      const needsUser = await page(uncached.cookie);
      expect(needsUser.response.status).toBe(503);
      expect(needsUser.response.headers.get('retry-after')).toBe('5');
      expect(needsUser.locals.sessionEnded).toBe(false);
      expect(isHttpError(needsUser.thrown, 503) && needsUser.thrown.body).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
      });
      // Sign-ins fail with 503 while the database is away, and do not count as wrong passwords: no lockout follows.
      for (let attempt = 0; attempt < 7; attempt++) {
        const signIn = await h.call('/sign-in/email', { body: { email: 'uncached@example.com', password: PASSWORD } });
        expect(signIn.status, JSON.stringify([attempt, signIn.body])).toBe(503);
      }
      // The cached session's page still renders.
      expect((await page(cached.cookie)).response.status).toBe(200);
      // Failing fast: well within the connect timeout per request, not the 7–21 s hangs of before.
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await outage(false);
    }

    // Back: the same sessions work without signing in again.
    const deadline = Date.now() + 10_000;
    let back = await h.call('/get-session', { cookie: uncached.cookie });
    while (back.status !== 200 && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 100));
      back = await h.call('/get-session', { cookie: uncached.cookie });
    }
    expect(back.status).toBe(200);
    expect(back.body?.user?.email).toBe('uncached@example.com');
    // Sign-in too (the "down" answer is kept a second), and the outage's refused attempts locked nothing.
    const signInBy = Date.now() + 3000;
    let signIn = await h.call('/sign-in/email', { body: { email: 'uncached@example.com', password: PASSWORD } });
    while (signIn.status === 503 && Date.now() < signInBy) {
      await new Promise((done) => setTimeout(done, 100));
      signIn = await h.call('/sign-in/email', { body: { email: 'uncached@example.com', password: PASSWORD } });
    }
    expect(signIn.status).toBe(200);
  });
});
