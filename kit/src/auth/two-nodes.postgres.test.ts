// Two app nodes sharing PostgreSQL and Redis: a sign-out on one is seen by the other within 100 ms (the tiered
// cache's pub/sub invalidation drops the other node's in-process copy). Always on the machine's PostgreSQL and Redis
// (a scratch database and key prefix of its own), whatever SV_SDK_TEST_DB says, like the other *.postgres tests.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbPlugin } from '../db/plugin.ts';
import { createScratchPostgresDatabase, type ScratchPostgresDatabase } from '../testing/index.ts';
import { createAuthHarness, signedUpUser, type AuthHarness } from './fixtures/harness.ts';

const REDIS_URL = process.env.SV_SDK_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

describe('session revocation across nodes (PostgreSQL + Redis)', () => {
  let scratch: ScratchPostgresDatabase;
  let a: AuthHarness;
  let b: AuthHarness;
  const prefix = `sv-sdk-test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    scratch = await createScratchPostgresDatabase();
    const node = (migrate: boolean) =>
      createAuthHarness({
        config: {
          DATABASE_URL: scratch.url,
          DB_MIGRATE_ON_START: migrate,
          REDIS_URL,
          REDIS_KEY_PREFIX: prefix,
          JOBS_WORKER: false,
        },
        sdk: { plugins: [dbPlugin()] },
      });
    a = await node(true);
    b = await node(false);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await scratch?.drop();
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
    await redis.quit();
  });

  it('a sign-out on node A is seen by node B within 100 ms; sessions survive a cache flush', async () => {
    const { cookie } = await signedUpUser(a, 'two-nodes@example.com');
    const headers = new Headers({ cookie });
    expect((await b.auth.getSession(headers))?.user.email).toBe('two-nodes@example.com');
    // Twice: the second read is served from B's in-process L1.
    expect((await b.auth.getSession(headers))?.user.email).toBe('two-nodes@example.com');

    // A cache flush loses nothing: the session row is in PostgreSQL and refills the cache.
    await b.sdk.cache.deleteByPrefix('auth:');
    expect((await b.auth.getSession(headers))?.user.email).toBe('two-nodes@example.com');

    const out = await a.call('/sign-out', { cookie, body: {} });
    expect(out.status).toBe(200);
    const started = performance.now();
    let seen = await b.auth.getSession(headers);
    while (seen && performance.now() - started < 1000) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen = await b.auth.getSession(headers);
    }
    const elapsed = performance.now() - started;
    expect(seen).toBeNull();
    expect(elapsed).toBeLessThan(100);
  });
});
