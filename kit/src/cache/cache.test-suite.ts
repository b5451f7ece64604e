// The conformance suite every `Cache` passes (unstorage's `testDriver` pattern): memory.test.ts, redis.test.ts and
// tiered.test.ts call `testCache(kind, factory)` and then add their own tests. Also the Redis helpers those tests
// share: a random key prefix per test file, SCAN + DEL cleanup, and a TCP proxy to take "Redis" down and up again.
import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../core/logger.ts';
import type { Cache, CacheKind } from './types.ts';

export interface CacheFactoryOptions {
  defaultTtlSeconds?: number;
}

/** Opens a cache; `dispose` closes it and removes whatever it stored (the suite calls it). */
export type CacheFactory = (options?: CacheFactoryOptions) => Promise<{ cache: Cache; dispose: () => Promise<void> }>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 5 ms until it holds or `timeoutMs` passes; returns how long it took, or throws. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what = 'condition',
): Promise<number> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > timeoutMs) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await sleep(5);
  }
  return performance.now() - started;
}

export function testCache(kind: CacheKind, factory: CacheFactory): void {
  describe(`Cache conformance: ${kind}`, () => {
    let cache: Cache;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ cache, dispose } = await factory());
    });
    afterAll(async () => {
      await dispose?.();
    });
    const key = (name: string) => `${name}:${randomUUID()}`;

    it('reports its kind', () => {
      expect(cache.kind).toBe(kind);
    });

    it('misses an unknown key', async () => {
      expect(await cache.get(key('missing'))).toBeUndefined();
    });

    it('round-trips JSON values of every shape, null included', async () => {
      const values = [
        { id: 1, name: 'Ada', tags: ['a', 'b'], nested: { ok: true } },
        [1, 'two', null],
        'text',
        0,
        42.5,
        true,
        false,
        null,
        '',
      ];
      const keys = values.map(() => key('shape'));
      await Promise.all(values.map((value, i) => cache.set(keys[i] as string, value)));
      for (const [i, value] of values.entries()) expect(await cache.get(keys[i] as string)).toEqual(value);
    });

    it('overwrites a value', async () => {
      const k = key('overwrite');
      await cache.set(k, 'first');
      await cache.set(k, 'second');
      expect(await cache.get(k)).toBe('second');
    });

    it('getMany returns values in key order, undefined for misses', async () => {
      const [a, b, c] = [key('many-a'), key('many-b'), key('many-c')];
      await cache.set(a, { n: 1 });
      await cache.set(c, null);
      expect(await cache.getMany([a, b, c, a])).toEqual([{ n: 1 }, undefined, null, { n: 1 }]);
      expect(await cache.getMany([])).toEqual([]);
    });

    it('deletes one key or many, and tolerates missing ones', async () => {
      const [a, b, c] = [key('del-a'), key('del-b'), key('del-c')];
      await Promise.all([cache.set(a, 1), cache.set(b, 2), cache.set(c, 3)]);
      await cache.delete(a);
      expect(await cache.get(a)).toBeUndefined();
      await cache.delete([b, c, key('never-set')]);
      expect(await cache.getMany([b, c])).toEqual([undefined, undefined]);
      await expect(cache.delete([])).resolves.toBeUndefined();
    });

    it('set(key, undefined) deletes the key', async () => {
      const k = key('undefined');
      await cache.set(k, 'value');
      await cache.set(k, undefined);
      expect(await cache.get(k)).toBeUndefined();
    });

    it('expires an entry after its TTL', async () => {
      const k = key('ttl');
      const kept = key('ttl-kept');
      await cache.set(k, 'short', 0.25);
      await cache.set(kept, 'long', 60);
      expect(await cache.get(k)).toBe('short');
      await sleep(400);
      expect(await cache.get(k)).toBeUndefined();
      expect(await cache.get(kept)).toBe('long');
    });

    it('applies the default TTL when set is called without one', async () => {
      const { cache: shortLived, dispose: disposeShort } = await factory({ defaultTtlSeconds: 0.25 });
      try {
        const k = key('default-ttl');
        await shortLived.set(k, 'value');
        expect(await shortLived.get(k)).toBe('value');
        await sleep(400);
        expect(await shortLived.get(k)).toBeUndefined();
      } finally {
        await disposeShort();
      }
    });

    it('rejects a TTL that is not a positive number of seconds', async () => {
      for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(cache.set(key('bad-ttl'), 1, ttl)).rejects.toThrow(RangeError);
        await expect(cache.getOrSet(key('bad-ttl'), async () => 1, ttl)).rejects.toThrow(/ttlSeconds/);
      }
    });

    it('deleteByPrefix deletes exactly the keys under the prefix and counts them', async () => {
      const prefix = `${key('prefix')}:`;
      await Promise.all([cache.set(`${prefix}a`, 1), cache.set(`${prefix}b`, 2), cache.set(`${prefix}c:d`, 3)]);
      const neighbour = `${prefix.slice(0, -1)}x`; // shares all but the last character
      await cache.set(neighbour, 'kept');
      expect(await cache.deleteByPrefix(prefix)).toBe(3);
      expect(await cache.getMany([`${prefix}a`, `${prefix}b`, `${prefix}c:d`])).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
      expect(await cache.get(neighbour)).toBe('kept');
      expect(await cache.deleteByPrefix(prefix)).toBe(0);
    });

    it('deleteByPrefix treats glob characters in the prefix literally', async () => {
      const base = key('glob');
      await Promise.all([
        cache.set(`${base}:a*[b]?\\:1`, 1),
        cache.set(`${base}:aXbY:1`, 2),
        cache.set(`${base}:a:1`, 3),
      ]);
      expect(await cache.deleteByPrefix(`${base}:a*[b]?\\`)).toBe(1);
      expect(await cache.get(`${base}:aXbY:1`)).toBe(2);
      expect(await cache.get(`${base}:a:1`)).toBe(3);
    });

    it('deleteByPrefix handles more keys than one SCAN batch (2,500)', async () => {
      const prefix = `${key('bulk')}:`;
      const count = 2500;
      for (let start = 0; start < count; start += 500) {
        await Promise.all(Array.from({ length: 500 }, (_, i) => cache.set(`${prefix}${start + i}`, start + i)));
      }
      expect(await cache.get(`${prefix}1234`)).toBe(1234);
      expect(await cache.deleteByPrefix(prefix)).toBe(count);
      expect(await cache.getMany([`${prefix}0`, `${prefix}1234`, `${prefix}2499`])).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
    });

    it('getOrSet computes on a miss, stores the value, and serves it afterwards', async () => {
      const k = key('get-or-set');
      let calls = 0;
      const compute = async () => {
        calls++;
        return { computed: calls };
      };
      expect(await cache.getOrSet(k, compute)).toEqual({ computed: 1 });
      expect(await cache.getOrSet(k, compute)).toEqual({ computed: 1 });
      expect(await cache.get(k)).toEqual({ computed: 1 });
      expect(calls).toBe(1);
    });

    it('getOrSet respects the given TTL', async () => {
      const k = key('get-or-set-ttl');
      await cache.getOrSet(k, async () => 'v', 0.25);
      expect(await cache.get(k)).toBe('v');
      await sleep(400);
      expect(await cache.get(k)).toBeUndefined();
    });

    it('getOrSet: a stampede of 100 concurrent misses computes once', async () => {
      const k = key('stampede');
      let calls = 0;
      const compute = async () => {
        calls++;
        await sleep(30);
        return { value: 'computed', call: calls };
      };
      const results = await Promise.all(Array.from({ length: 100 }, () => cache.getOrSet(k, compute)));
      expect(calls).toBe(1);
      expect(new Set(results).size).toBe(1);
      expect(results[99]).toEqual({ value: 'computed', call: 1 });
      expect(await cache.get(k)).toEqual({ value: 'computed', call: 1 });
    });

    it('getOrSet: a failed compute rejects every waiter and caches nothing', async () => {
      const k = key('failing');
      let calls = 0;
      const compute = async (): Promise<string> => {
        calls++;
        await sleep(20);
        throw new Error('source down');
      };
      const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => cache.getOrSet(k, compute)));
      expect(calls).toBe(1);
      expect(
        outcomes.every(
          (outcome) => outcome.status === 'rejected' && (outcome.reason as Error).message === 'source down',
        ),
      ).toBe(true);
      expect(await cache.get(k)).toBeUndefined();
      // The next call tries again.
      expect(await cache.getOrSet(k, async () => 'recovered')).toBe('recovered');
      expect(await cache.get(k)).toBe('recovered');
    });

    it('getOrSet does not store undefined', async () => {
      const k = key('undefined-result');
      expect(await cache.getOrSet(k, async () => undefined)).toBeUndefined();
      let calls = 0;
      await cache.getOrSet(k, async () => {
        calls++;
        return 'now';
      });
      expect(calls).toBe(1);
    });

    it('getOrSet does not store a result computed before a delete of its key', async () => {
      const k = key('raced');
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const pending = cache.getOrSet(k, async () => {
        await gate;
        return 'stale';
      });
      await sleep(20);
      await cache.delete(k);
      release();
      expect(await pending).toBe('stale');
      expect(await cache.get(k)).toBeUndefined();
      // A call after the delete computes afresh.
      expect(await cache.getOrSet(k, async () => 'fresh')).toBe('fresh');
    });

    it('is healthy', async () => {
      const health = await cache.health();
      expect(health.status).toBe('up');
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Redis helpers for the cache tests.

export const REDIS_URL = process.env.SV_SDK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test run uses. */
export function randomKeyPrefix(): string {
  return `sv-sdk-test:${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under `prefix` with SCAN + DEL (independent of the code under test); returns how many. */
export async function deleteKeys(client: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await client.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** A plain client for assertions and cleanup. */
export function rawClient(): Redis {
  return new Redis(REDIS_URL, { connectionName: 'sv-sdk-test:raw' });
}

/** A free TCP port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A TCP proxy in front of Redis that a test can stop (dropping every connection, like a Redis crash) and restart, or
 * pause (connections stay open but nothing gets through, like a hung server or a dead network path) and resume.
 */
export interface TcpProxy {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  pause(): void;
  resume(): void;
}

export async function createTcpProxy(targetPort = Number(new URL(REDIS_URL).port || 6379)): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  let paused = false;
  const listen = async () => {
    const next = createServer((incoming) => {
      const outgoing = connect(targetPort, '127.0.0.1');
      sockets.add(incoming).add(outgoing);
      const drop = () => {
        incoming.destroy();
        outgoing.destroy();
        sockets.delete(incoming);
        sockets.delete(outgoing);
      };
      incoming.on('error', drop).on('close', drop);
      outgoing.on('error', drop).on('close', drop);
      incoming.pipe(outgoing).pipe(incoming);
      if (paused) {
        incoming.pause();
        outgoing.pause();
      }
    });
    await new Promise<void>((resolve) => next.listen(port, '127.0.0.1', resolve));
    port = (next.address() as { port: number }).port;
    server = next;
  };
  await listen();
  return {
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    async stop() {
      const current = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    async start() {
      if (!server) await listen();
    },
    pause() {
      paused = true;
      for (const socket of sockets) socket.pause();
    },
    resume() {
      paused = false;
      for (const socket of sockets) socket.resume();
    },
  };
}

/** A logger whose JSON lines the test can read back. */
export function capturingLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines: () => lines };
}
