import diagnostics from 'node:diagnostics_channel';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../core/logger.ts';
import {
  capturingLogger,
  closedPort,
  createTcpProxy,
  deleteKeys,
  randomKeyPrefix,
  rawClient,
  REDIS_URL,
  testCache,
  waitFor,
} from './cache.test-suite.ts';
import { createRedisCache, type RedisCache } from './redis.ts';
import { TTL } from './types.ts';

const prefix = randomKeyPrefix();
const silent = createLogger({ level: 'silent' });
let raw: Redis;

beforeAll(() => {
  raw = rawClient();
});
afterAll(async () => {
  await deleteKeys(raw, prefix);
  await raw.quit();
});

testCache('redis', async (options) => {
  const cache = createRedisCache({ url: REDIS_URL, keyPrefix: `${prefix}suite:`, logger: silent, ...options });
  expect(await cache.ready(5000)).toBe(true);
  return { cache, dispose: () => cache.close() };
});

describe('createRedisCache', () => {
  let cache: RedisCache;
  beforeAll(async () => {
    cache = createRedisCache({ url: REDIS_URL, keyPrefix: `${prefix}own:`, logger: silent });
    await cache.ready(5000);
  });
  afterAll(async () => {
    await cache.close();
  });

  it('stores JSON under the key prefix with the default TTL (SET … EX)', async () => {
    await cache.set('user:1', { name: 'Ada', roles: ['admin'] });
    expect(await raw.get(`${prefix}own:user:1`)).toBe('{"name":"Ada","roles":["admin"]}');
    const ttl = await raw.ttl(`${prefix}own:user:1`);
    expect(ttl).toBeGreaterThan(TTL.MEDIUM - 5);
    expect(ttl).toBeLessThanOrEqual(TTL.MEDIUM);
    await cache.set('user:2', 'x', TTL.DAY);
    expect(await raw.ttl(`${prefix}own:user:2`)).toBeGreaterThan(TTL.DAY - 5);
  });

  it('uses MGET for getMany, SCAN + UNLINK for deleteByPrefix and never KEYS', async () => {
    const commands: string[] = [];
    const record = (message: unknown) => commands.push((message as { command: string }).command.toLowerCase());
    diagnostics.subscribe('tracing:ioredis:command:start', record);
    try {
      await Promise.all(Array.from({ length: 1500 }, (_, i) => cache.set(`bulk:${i}`, i)));
      commands.length = 0;
      expect(await cache.getMany(['bulk:1', 'bulk:2', 'bulk:missing'])).toEqual([1, 2, undefined]);
      expect(commands).toEqual(['mget']);
      commands.length = 0;
      expect(await cache.deleteByPrefix('bulk:')).toBe(1500);
      expect(commands).not.toContain('keys');
      expect(commands.filter((command) => command === 'scan').length).toBeGreaterThanOrEqual(2);
      expect(commands).toContain('unlink');
    } finally {
      diagnostics.unsubscribe('tracing:ioredis:command:start', record);
    }
  });

  it('never deletes keys outside its prefix', async () => {
    await raw.set(`${prefix}neighbour`, 'kept');
    await cache.set('mine', 1);
    expect(await cache.deleteByPrefix('')).toBeGreaterThanOrEqual(1);
    expect(await raw.get(`${prefix}neighbour`)).toBe('kept');
  });

  it('treats a value it cannot parse as a miss and logs it', async () => {
    const { logger, lines } = capturingLogger();
    const own = createRedisCache({ client: raw, keyPrefix: `${prefix}corrupt:`, logger });
    await raw.set(`${prefix}corrupt:k`, '{not json');
    expect(await own.get('k')).toBeUndefined();
    expect(lines().some((line) => line.op === 'parse')).toBe(true);
    await own.close();
  });

  it('leaves a client it was given open on close', async () => {
    const own = createRedisCache({ client: raw, keyPrefix: `${prefix}given:`, logger: silent });
    await own.set('k', 'v');
    await own.close();
    expect(raw.status).toBe('ready');
    expect(await raw.get(`${prefix}given:k`)).toBe('"v"');
  });

  it('reports PING latency as health', async () => {
    const health = await cache.health();
    expect(health.status).toBe('up');
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('requires a key prefix and a url or client', () => {
    expect(() => createRedisCache({ keyPrefix: 'x:' })).toThrow(/url/);
    expect(() => createRedisCache({ url: REDIS_URL } as never)).toThrow(/keyPrefix/);
  });
});

describe('createRedisCache when Redis is down', () => {
  it('on a closed port: reads miss at once, writes are dropped, nothing throws, health is degraded, logs are rate-limited', async () => {
    const { logger, lines } = capturingLogger();
    const cache = createRedisCache({
      url: `redis://127.0.0.1:${await closedPort()}`,
      keyPrefix: `${prefix}down:`,
      logger,
    });
    try {
      const started = performance.now();
      for (let i = 0; i < 50; i++) {
        expect(await cache.get('k')).toBeUndefined();
        await cache.set('k', i);
      }
      expect(await cache.getMany(['a', 'b'])).toEqual([undefined, undefined]);
      await expect(cache.delete(['a', 'b'])).resolves.toBeUndefined();
      expect(await cache.deleteByPrefix('')).toBe(0);
      // The source is used: getOrSet computes (and hands back) the value.
      expect(await cache.getOrSet('k', async () => 'from source')).toBe('from source');
      expect(performance.now() - started).toBeLessThan(1000);

      const health = await cache.health();
      expect(health.status).toBe('degraded');
      expect(health.message).toMatch(/fall through/);
      expect(await cache.ready(50)).toBe(false);

      const warnings = lines().filter((line) => line.level === 40);
      expect(warnings.length).toBeGreaterThanOrEqual(1);
      expect(warnings.length).toBeLessThanOrEqual(2); // one for the operations, at most one more racing connection error
    } finally {
      await cache.close();
    }
  });

  it('through an outage: keeps working before, misses during, recovers after', async () => {
    const proxy = await createTcpProxy();
    const { logger, lines } = capturingLogger();
    const cache = createRedisCache({
      url: proxy.url,
      keyPrefix: `${prefix}outage:`,
      logger,
      errorLogIntervalMs: 60_000,
    });
    try {
      expect(await cache.ready(5000)).toBe(true);
      await cache.set('k', 'before');
      expect(await cache.get('k')).toBe('before');

      await proxy.stop();
      await waitFor(() => cache.client.status !== 'ready', 2000, 'the client noticing the outage');
      const started = performance.now();
      expect(await cache.get('k')).toBeUndefined();
      await cache.set('k', 'during');
      expect(await cache.getOrSet('other', async () => 'computed')).toBe('computed');
      expect(performance.now() - started).toBeLessThan(500);
      expect((await cache.health()).status).toBe('degraded');

      await proxy.start();
      expect(await cache.ready(10_000)).toBe(true);
      // The write during the outage was dropped, the one before survived.
      expect(await cache.get('k')).toBe('before');
      expect((await cache.health()).status).toBe('up');
      expect(lines().some((line) => line.msg === 'Redis cache connection restored.')).toBe(true);
    } finally {
      await cache.close();
      await proxy.stop();
    }
  });

  it('when Redis hangs (connection open, no answers): waiting reads miss after commandTimeoutMs, then it reconnects', async () => {
    const proxy = await createTcpProxy();
    const { logger, lines } = capturingLogger();
    const cache = createRedisCache({ url: proxy.url, keyPrefix: `${prefix}hang:`, logger, commandTimeoutMs: 200 });
    try {
      expect(await cache.ready(5000)).toBe(true);
      await cache.set('k', 'v');
      proxy.pause();
      const started = performance.now();
      const [value, many, computed] = await Promise.all([
        cache.get('k'),
        cache.getMany(['k', 'j']),
        cache.getOrSet('x', async () => 'from source'),
      ]);
      const waited = performance.now() - started;
      expect(value).toBeUndefined();
      expect(many).toEqual([undefined, undefined]);
      expect(computed).toBe('from source');
      expect(waited).toBeGreaterThanOrEqual(150);
      expect(waited).toBeLessThan(1000);
      expect(lines().some((line) => line.op === 'timeout')).toBe(true);
      // While the new connection is stuck, commands fail at once instead of queueing.
      const quick = performance.now();
      expect(await cache.get('k')).toBeUndefined();
      expect(performance.now() - quick).toBeLessThan(100);

      proxy.resume();
      expect(await cache.ready(10_000)).toBe(true);
      expect(await cache.get('k')).toBe('v');
    } finally {
      await cache.close();
      await proxy.stop();
    }
  });
});
