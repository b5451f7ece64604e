import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from './limiter.ts';
import { expectRateLimited, TEST_POLICIES, testRateLimiter, unique } from './limiter.test-suite.ts';

// The machine's Redis (docker-compose / CI); SV_SDK_TEST_REDIS_URL points elsewhere.
const REDIS_URL = process.env.SV_SDK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `sv-sdk-test-${randomBytes(6).toString('hex')}`;
const clients: Redis[] = [];

async function connect(url = REDIS_URL): Promise<Redis> {
  // The same options the plugin uses: no offline queue, so a dead connection fails over at once.
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  clients.push(client);
  await client.connect();
  return client;
}

async function keysOf(client: Redis): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

describe('rate limiter (redis)', () => {
  let a: Redis;
  let b: Redis;
  beforeAll(async () => {
    a = await connect();
    b = await connect();
  });
  afterAll(async () => {
    const keys = await keysOf(a);
    if (keys.length > 0) await a.del(...keys);
    expect(await keysOf(a)).toEqual([]);
    for (const client of clients) client.disconnect();
  });

  testRateLimiter((options) =>
    createRateLimiter({ ...options, store: { type: 'redis', client: a }, keyPrefix: prefix }),
  );

  it('counts together across two app nodes sharing Redis', async () => {
    const node1 = createRateLimiter({
      store: { type: 'redis', client: a },
      keyPrefix: prefix,
      policies: TEST_POLICIES,
    });
    const node2 = createRateLimiter({
      store: { type: 'redis', client: b },
      keyPrefix: prefix,
      policies: TEST_POLICIES,
    });
    const account = `${unique('shared')}@example.com`;
    await node1.consume('test-login', { account });
    await node2.consume('test-login', { account });
    await node1.consume('test-login', { account });
    await expectRateLimited(node2.consume('test-login', { account }));
    // A lock set through one node holds on the other, and a reset on the other lifts it.
    const locked = `${unique('lock')}@example.com`;
    await node1.recordFailure('test-login', { account: locked });
    expect(await node2.recordFailure('test-login', { account: locked })).toEqual({ failures: 2, lockedSeconds: 10 });
    await expectRateLimited(node1.consume('test-login', { account: locked }), 10);
    await node2.resetAccount(locked);
    await expect(node1.consume('test-login', { account: locked })).resolves.toBeDefined();
  });

  it('stores only hashes: no email or IP appears in Redis keys', async () => {
    const limiter = createRateLimiter({ store: { type: 'redis', client: a }, keyPrefix: prefix });
    const email = `${unique('private')}@example.com`;
    await limiter.consume('sign-in', { account: email, ip: '203.0.113.200' });
    await limiter.recordFailure('sign-in', { account: email });
    const keys = await keysOf(a);
    expect(keys.some((key) => key.startsWith(`${prefix}:rl:sign-in:account:`))).toBe(true);
    expect(keys.some((key) => key.startsWith(`${prefix}:rl:sign-in:failures:`))).toBe(true);
    for (const key of keys) {
      expect(key).not.toContain('@');
      expect(key).not.toContain('203.0.113.200');
      expect(key).toMatch(new RegExp(`^${prefix}:rl:[a-z0-9-]+:[a-z]+:[A-Za-z0-9_-]{43}$`));
    }
  });

  it('falls back to memory while Redis is unreachable, still enforcing limits', async () => {
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: () => null,
    });
    dead.on('error', () => {});
    clients.push(dead);
    await dead.connect().catch(() => {});
    const limiter = createRateLimiter({
      store: { type: 'redis', client: dead },
      keyPrefix: prefix,
      policies: TEST_POLICIES,
    });
    const client = unique('offline');
    const started = performance.now();
    await limiter.consume('test-api', { client });
    await limiter.consume('test-api', { client });
    await expectRateLimited(limiter.consume('test-api', { client }));
    // The insurance limiter answers at once, without waiting on the dead connection.
    expect(performance.now() - started).toBeLessThan(500);
  });
});
