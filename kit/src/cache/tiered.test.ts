import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../core/logger.ts';
import {
  createTcpProxy,
  deleteKeys,
  randomKeyPrefix,
  rawClient,
  REDIS_URL,
  testCache,
  waitFor,
} from './cache.test-suite.ts';
import { createTieredCache, invalidationChannel, type TieredCache, type TieredCacheOptions } from './tiered.ts';

const prefix = randomKeyPrefix();
const silent = createLogger({ level: 'silent' });
let raw: Redis;
const open: TieredCache[] = [];

beforeAll(() => {
  raw = rawClient();
});
afterAll(async () => {
  await deleteKeys(raw, prefix);
  await raw.quit();
});

async function node(options: Partial<TieredCacheOptions> = {}): Promise<TieredCache> {
  const cache = createTieredCache({ url: REDIS_URL, keyPrefix: `${prefix}shared:`, logger: silent, ...options });
  open.push(cache);
  expect(await cache.ready(5000)).toBe(true);
  return cache;
}

testCache('tiered', async (options) => {
  const cache = createTieredCache({ url: REDIS_URL, keyPrefix: `${prefix}suite:`, logger: silent, ...options });
  expect(await cache.ready(5000)).toBe(true);
  return { cache, dispose: () => cache.close() };
});

describe('createTieredCache: two nodes on one prefix', () => {
  let a: TieredCache;
  let b: TieredCache;
  beforeAll(async () => {
    [a, b] = await Promise.all([node({ nodeId: 'node-a' }), node({ nodeId: 'node-b' })]);
  });
  afterAll(async () => {
    await Promise.all(open.splice(0).map((cache) => cache.close()));
  });

  it('serves repeated reads from L1 after the first Redis hit', async () => {
    // Written by b itself: its own invalidation message is ignored, so nothing drops the copy read next.
    await b.set('profile', { v: 1 });
    expect(b.peek('profile')).toBeUndefined();
    expect(await b.get('profile')).toEqual({ v: 1 });
    expect(b.peek('profile')).toEqual({ v: 1 });
    // Prove the next read does not go to Redis: change Redis behind the caches' back.
    await raw.set(`${prefix}shared:profile`, '{"v":"behind"}');
    expect(await b.get('profile')).toEqual({ v: 1 });
  });

  it('a write on one node invalidates the other node’s L1 within 100 ms', async () => {
    await b.set('greeting', 'hello');
    expect(await b.get('greeting')).toBe('hello');
    expect(b.peek('greeting')).toBe('hello');
    await a.set('greeting', 'bonjour');
    const took = await waitFor(() => b.peek('greeting') === undefined, 100, 'invalidation of node b');
    expect(took).toBeLessThan(100);
    expect(await b.get('greeting')).toBe('bonjour');
  });

  it('a delete on one node invalidates the other node’s L1', async () => {
    await b.set('doomed', 1);
    await b.set('kept', 2);
    expect(await b.getMany(['doomed', 'kept'])).toEqual([1, 2]);
    await a.delete('doomed');
    await waitFor(() => b.peek('doomed') === undefined, 100, 'invalidation of node b');
    expect(b.peek('kept')).toBe(2);
    expect(await b.get('doomed')).toBeUndefined();
  });

  it('deleteByPrefix on one node drops the other node’s L1 entries under the prefix only', async () => {
    await Promise.all([b.set('perm:1', 'x'), b.set('perm:2', 'y'), b.set('other', 'z')]);
    expect(await b.getMany(['perm:1', 'perm:2', 'other'])).toEqual(['x', 'y', 'z']);
    expect(await a.deleteByPrefix('perm:')).toBe(2);
    await waitFor(
      () => b.peek('perm:1') === undefined && b.peek('perm:2') === undefined,
      100,
      'prefix invalidation of node b',
    );
    expect(b.peek('other')).toBe('z');
  });

  it('ignores its own invalidation messages, by node id', async () => {
    await raw.set(`${prefix}shared:own`, '"v1"', 'EX', 60);
    await raw.set(`${prefix}shared:marker`, '"m"', 'EX', 60);
    expect(await a.getMany(['own', 'marker'])).toEqual(['v1', 'm']);
    expect(a.peek('own')).toBe('v1');
    // A message carrying a's node id (as a's own writes send) leaves a's L1 alone; a later message from another node
    // (the channel keeps their order) shows that the first one has been handled.
    await raw.publish(a.channel, JSON.stringify({ n: a.nodeId, k: ['own'] }));
    await raw.publish(a.channel, JSON.stringify({ n: 'someone-else', k: ['marker'] }));
    await waitFor(() => a.peek('marker') === undefined, 100, 'the marker invalidation');
    expect(a.peek('own')).toBe('v1');
    // … the same message from another node drops the entry.
    await raw.publish(a.channel, JSON.stringify({ n: 'someone-else', k: ['own'] }));
    await waitFor(() => a.peek('own') === undefined, 100, 'invalidation from another node');
  });

  it('does not copy into L1 a Redis reply that raced with an invalidation', async () => {
    await a.set('raced', 'old');
    const read = a.get('raced'); // GET goes out first …
    await a.delete('raced'); // … the delete lands while it is in flight
    expect(await read).toBe('old');
    expect(a.peek('raced')).toBeUndefined();
    expect(await a.get('raced')).toBeUndefined();
  });

  it('bounds an L1 copy by the time its Redis entry has left', async () => {
    await b.set('short', 'v', 0.2);
    expect(await b.get('short')).toBe('v');
    expect(b.peek('short')).toBe('v');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(b.peek('short')).toBeUndefined();
  });

  it('a getOrSet on one node is seen by the other', async () => {
    expect(await a.getOrSet('computed', async () => ({ n: 42 }))).toEqual({ n: 42 });
    let calls = 0;
    expect(
      await b.getOrSet('computed', async () => {
        calls++;
        return { n: 0 };
      }),
    ).toEqual({ n: 42 });
    expect(calls).toBe(0);
  });
});

describe('createTieredCache: lost subscription', () => {
  afterEach(async () => {
    await Promise.all(open.splice(0).map((cache) => cache.close()));
  });

  it('clears and bypasses L1 while the subscriber reconnects, so missed invalidations cannot serve stale values', async () => {
    const a = await node({ nodeId: `a-${Date.now()}`, keyPrefix: `${prefix}reconnect:` });
    const b = await node({ nodeId: `b-${Date.now()}`, keyPrefix: `${prefix}reconnect:` });
    // Written behind the caches' back, so no invalidation message can race with a's read.
    await raw.set(`${prefix}reconnect:k`, '"v1"', 'EX', 60);
    expect(await a.get('k')).toBe('v1');
    expect(a.peek('k')).toBe('v1');

    // Kill a's subscriber connection on the server, as a network blip would.
    const clients = (await raw.client('LIST')) as string;
    const line = clients.split('\n').find((entry) => entry.includes(`name=sv-sdk:cache:sub:${a.nodeId} `));
    const id = line?.match(/\bid=(\d+)/)?.[1];
    expect(id).toBeDefined();
    await raw.client('KILL', 'ID', id as string);
    await waitFor(() => !a.l1Active, 1000, 'a noticing the lost subscription');
    expect(a.l1Size).toBe(0);
    expect(a.peek('k')).toBeUndefined();

    // An invalidation a cannot receive right now.
    await b.set('k', 'v2');
    expect(await a.get('k')).toBe('v2'); // bypassing L1: straight from Redis
    await waitFor(() => a.l1Active, 5000, 'a resubscribing');
    expect(await a.get('k')).toBe('v2');
    expect((await a.health()).status).toBe('up');

    // And invalidation works again after the reconnection.
    expect(a.peek('k')).toBe('v2');
    await b.set('k', 'v3');
    await waitFor(() => a.peek('k') === undefined, 100, 'invalidation after reconnection');
  });

  it('when Redis goes down: nothing throws, reads fall through, health is degraded; all comes back after', async () => {
    const proxy = await createTcpProxy();
    const a = await node({ url: proxy.url, keyPrefix: `${prefix}outage:` });
    try {
      await a.set('k', 'before');
      expect(await a.get('k')).toBe('before');
      expect(a.peek('k')).toBe('before');

      await proxy.stop();
      await waitFor(() => !a.l1Active, 2000, 'L1 switched off');
      expect(a.peek('k')).toBeUndefined();
      expect(await a.get('k')).toBeUndefined();
      await expect(a.set('k', 'during')).resolves.toBeUndefined();
      await expect(a.delete('k')).resolves.toBeUndefined();
      expect(await a.deleteByPrefix('')).toBe(0);
      expect(await a.getOrSet('x', async () => 'from source')).toBe('from source');
      const health = await a.health();
      expect(health.status).toBe('degraded');

      await proxy.start();
      expect(await a.ready(10_000)).toBe(true);
      expect(a.l1Active).toBe(true);
      expect(await a.get('k')).toBe('before');
      expect(a.peek('k')).toBe('before');
      expect((await a.health()).status).toBe('up');
    } finally {
      await Promise.all(open.splice(0).map((cache) => cache.close()));
      await proxy.stop();
    }
  });

  it('a subscriber that stops answering is detected by the heartbeat: L1 off, then back on after', async () => {
    const proxy = await createTcpProxy();
    const a = await node({
      url: proxy.url,
      keyPrefix: `${prefix}heartbeat:`,
      heartbeatIntervalMs: 100,
      commandTimeoutMs: 200,
    });
    try {
      await a.set('k', 'v');
      expect(await a.get('k')).toBe('v');
      expect(a.peek('k')).toBe('v');
      proxy.pause();
      await waitFor(() => !a.l1Active, 1500, 'the heartbeat noticing the silent subscriber');
      expect(a.peek('k')).toBeUndefined();
      proxy.resume();
      await waitFor(() => a.l1Active, 10_000, 'resubscribed');
      expect(await a.get('k')).toBe('v');
    } finally {
      await Promise.all(open.splice(0).map((cache) => cache.close()));
      await proxy.stop();
    }
  });

  it('drops all of L1 on a message it cannot read', async () => {
    const a = await node({ keyPrefix: `${prefix}garbage:` });
    await a.set('k', 1);
    expect(await a.get('k')).toBe(1);
    await raw.publish(invalidationChannel(`${prefix}garbage:`), 'not json');
    await waitFor(() => a.peek('k') === undefined, 100, 'L1 cleared');
  });

  it('closes both of its connections', async () => {
    const nodeId = `closing-${Date.now()}`;
    const a = await node({ nodeId, keyPrefix: `${prefix}closing:`, connectionName: `sv-sdk-test:${nodeId}` });
    const names = async () =>
      ((await raw.client('LIST')) as string).split('\n').filter((entry) => entry.includes(`name=sv-sdk-test:${nodeId}`))
        .length;
    expect(await names()).toBe(2);
    await a.close();
    await waitFor(async () => (await names()) === 0, 1000, 'connections closed');
    expect(a.l1Active).toBe(false);
  });
});

describe('createTieredCache options', () => {
  it('rejects bad options before opening any connection', async () => {
    const before = ((await raw.client('LIST')) as string)
      .split('\n')
      .filter((line) => line.includes('name=sv-sdk-test:bad-options')).length;
    expect(() =>
      createTieredCache({ url: REDIS_URL, keyPrefix: 'x:', maxEntries: 0, connectionName: 'sv-sdk-test:bad-options' }),
    ).toThrow(/maxEntries/);
    expect(() =>
      createTieredCache({
        url: REDIS_URL,
        keyPrefix: 'x:',
        l1TtlSeconds: -1,
        connectionName: 'sv-sdk-test:bad-options',
      }),
    ).toThrow(/l1TtlSeconds/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = ((await raw.client('LIST')) as string)
      .split('\n')
      .filter((line) => line.includes('name=sv-sdk-test:bad-options')).length;
    expect(after).toBe(before);
  });
});
