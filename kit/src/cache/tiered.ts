import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { HealthCheckResult } from '../core/health.ts';
import { checkTtlSeconds, createFailureLog, defaultCacheLogger, ttlError } from './cache-utils.ts';
import { createMemoryCache } from './memory.ts';
import {
  answersPing,
  closeClient,
  createRedisCache,
  dropConnection,
  redisCacheClientOptions,
  waitForReady,
  type RedisCacheOptions,
  type RedisEntry,
} from './redis.ts';
import { SingleFlight } from './single-flight.ts';
import type { Cache } from './types.ts';

/** Options of {@link createTieredCache}: those of the Redis cache, plus L1 and invalidation settings. */
export interface TieredCacheOptions extends RedisCacheOptions {
  /** Most entries in the in-process L1. @default 10_000 */
  maxEntries?: number;
  /**
   * Longest an entry stays in L1. Each L1 copy is also bounded by the time its Redis entry has left, and is dropped
   * by invalidation messages as soon as any node writes the key; this bounds staleness should one ever be lost.
   * @default 60
   */
  l1TtlSeconds?: number;
  /** Identifies this node in invalidation messages (its own are ignored). @default a random UUID */
  nodeId?: string;
  /** The pub/sub channel; every node with the same `keyPrefix` must use the same one. @default `sv-sdk:cache-invalidation:<keyPrefix>` */
  channel?: string;
  /**
   * How often the subscriber connection is PINGed. One that does not answer within `commandTimeoutMs` is dropped and
   * reopened (L1 is bypassed meanwhile): an idle connection whose network path died would otherwise look healthy
   * while invalidations are lost. @default 5000
   */
  heartbeatIntervalMs?: number;
}

/** L1 in process in front of Redis, kept coherent across app nodes by Redis pub/sub invalidation. */
export interface TieredCache extends Cache {
  readonly kind: 'tiered';
  readonly nodeId: string;
  readonly channel: string;
  /** Synchronous L1-only read for hot paths (`undefined` when not in L1 or while L1 is bypassed). */
  peek<T>(key: string): T | undefined;
  /** Whether L1 is in use: only while the invalidation channel is subscribed, since messages may be missed otherwise. */
  readonly l1Active: boolean;
  /** Entries in L1. */
  readonly l1Size: number;
  /** Resolves `true` once Redis is connected and the invalidation channel subscribed, `false` after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<boolean>;
}

/** What goes over the channel: the sender's node id and either keys or a prefix. */
type InvalidationMessage = { n: string; k: string[] } | { n: string; p: string };

function parseMessage(message: string): InvalidationMessage | undefined {
  try {
    const parsed = JSON.parse(message) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { n, k, p } = parsed as Record<string, unknown>;
    if (typeof n !== 'string') return undefined;
    if (Array.isArray(k) && k.every((key) => typeof key === 'string')) return { n, k: k as string[] };
    if (typeof p === 'string') return { n, p };
    return undefined;
  } catch {
    return undefined;
  }
}

/** The invalidation channel of a key prefix. */
export function invalidationChannel(keyPrefix: string): string {
  return `sv-sdk:cache-invalidation:${keyPrefix}`;
}

/**
 * Creates the two-level cache: an in-process LRU (L1) in front of Redis (L2). An L1 hit costs what a `Map` lookup
 * costs; a Redis hit costs a network round trip (~2,000x more). Writes and deletes go to Redis and are published on
 * the key prefix's channel so other nodes drop their L1 copies; a node whose subscription drops clears and bypasses
 * its L1 until it is subscribed again. When Redis is down, reads fall through to the source and nothing throws.
 * @example
 * const cache = createTieredCache({ url: process.env.REDIS_URL, keyPrefix: 'my-app:cache:', maxEntries: 10_000, logger });
 * const roles = await cache.getOrSet(`roles:${userId}`, () => loadRoles(userId), TTL.MEDIUM);
 */
export function createTieredCache(options: TieredCacheOptions): TieredCache {
  const logger = options.logger ?? defaultCacheLogger();
  const l1TtlMs = checkTtlSeconds(options.l1TtlSeconds ?? 60, 'l1TtlSeconds') * 1000;
  const nodeId = options.nodeId ?? randomUUID();
  const channel = options.channel ?? invalidationChannel(options.keyPrefix);
  // L1 first: its option checks throw before any connection is opened.
  const l1 = createMemoryCache({ maxEntries: options.maxEntries ?? 10_000, defaultTtlSeconds: l1TtlMs / 1000 });
  const redis = createRedisCache({ ...options, logger });
  const commandTimeoutMs = options.commandTimeoutMs ?? 1000;
  const flights = new SingleFlight();
  const failure = createFailureLog(
    logger,
    'Redis cache invalidation channel unavailable: the in-process cache is bypassed until it is back.',
    options.errorLogIntervalMs ?? 10_000,
  );
  const subscriber: Redis = redis.client.duplicate({
    ...redisCacheClientOptions({ connectionName: `${options.connectionName ?? 'sv-sdk:cache'}:sub:${nodeId}` }),
    // We resubscribe ourselves, so L1 is switched back on only once the subscription is confirmed.
    autoResubscribe: false,
    lazyConnect: false,
  });

  let active = false;
  let closed = false;
  /**
   * Bumped by every invalidation, local or remote. A Redis read copies its value into L1 only if no invalidation
   * happened while it was in flight, so a reply that raced with a write never puts the old value back.
   */
  let epoch = 0;
  const activeWaiters = new Set<() => void>();

  const activate = () => {
    if (closed) return;
    epoch++;
    l1.clear();
    active = true;
    failure.recovered();
    for (const wake of activeWaiters) wake();
  };
  const deactivate = () => {
    active = false;
    epoch++;
    l1.clear();
  };
  subscriber.on('ready', () => {
    subscriber.subscribe(channel).then(activate, (error: unknown) => {
      if (closed) return;
      failure(error, 'subscribe');
      // Try again through a fresh connection rather than run without invalidation.
      dropConnection(subscriber);
    });
  });
  // Messages sent while disconnected are lost: drop L1 now and keep it off until resubscribed.
  subscriber.on('close', deactivate);
  subscriber.on('error', (error: unknown) => {
    if (!closed) failure(error, 'subscriber');
  });
  let pinging = false;
  const heartbeat = setInterval(() => {
    if (pinging || subscriber.status !== 'ready') return;
    pinging = true;
    void answersPing(subscriber, commandTimeoutMs).then((answered) => {
      pinging = false;
      if (answered || closed || subscriber.status !== 'ready') return;
      failure(
        new Error(`The invalidation subscriber did not answer PING within ${commandTimeoutMs} ms: reconnecting.`),
        'heartbeat',
      );
      dropConnection(subscriber);
    });
  }, options.heartbeatIntervalMs ?? 5000);
  heartbeat.unref();
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    const parsed = parseMessage(message);
    if (parsed?.n === nodeId) return;
    epoch++;
    if (!parsed) {
      // Unknown shape (another version?): be safe and drop everything.
      l1.clear();
      flights.invalidatePrefix('');
    } else if ('k' in parsed) {
      void l1.delete(parsed.k);
      flights.invalidate(parsed.k);
    } else {
      void l1.deleteByPrefix(parsed.p);
      flights.invalidatePrefix(parsed.p);
    }
  });

  const publish = (message: InvalidationMessage): Promise<void> =>
    redis.client.publish(channel, JSON.stringify(message)).then(
      () => undefined,
      (error: unknown) => {
        if (!closed) failure(error, 'publish');
      },
    );

  const remember = (key: string, entry: RedisEntry, startedAt: number): void => {
    if (!active || epoch !== startedAt) return;
    const ms = entry.ttlMs < 0 ? l1TtlMs : Math.min(entry.ttlMs, l1TtlMs);
    if (ms > 0) void l1.set(key, entry.value, ms / 1000);
  };
  const load = <T>(key: string): Promise<T | undefined> => {
    const startedAt = epoch;
    return redis.getEntries([key]).then(([entry]) => {
      if (!entry) return undefined;
      remember(key, entry, startedAt);
      return entry.value as T;
    });
  };
  /** Redis write + invalidation for the other nodes; SET/UNLINK and PUBLISH go out in this order on one connection. */
  const writeThrough = (key: string, value: unknown, ttlSeconds: number | undefined): Promise<void> => {
    epoch++;
    void l1.delete(key);
    return Promise.all([redis.set(key, value, ttlSeconds), publish({ n: nodeId, k: [key] })]).then(() => undefined);
  };

  const cache: TieredCache = {
    kind: 'tiered',
    nodeId,
    channel,
    get<T>(key: string): Promise<T | undefined> {
      if (active) {
        const hit = l1.peek<T>(key);
        if (hit !== undefined) return Promise.resolve(hit);
      }
      return load<T>(key);
    },
    peek<T>(key: string): T | undefined {
      return active ? l1.peek<T>(key) : undefined;
    },
    getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
      const values = new Array<T | undefined>(keys.length).fill(undefined);
      const missing: number[] = [];
      for (let i = 0; i < keys.length; i++) {
        const hit = active ? l1.peek<T>(keys[i] as string) : undefined;
        if (hit === undefined) missing.push(i);
        else values[i] = hit;
      }
      if (missing.length === 0) return Promise.resolve(values);
      const startedAt = epoch;
      return redis.getEntries(missing.map((i) => keys[i] as string)).then((entries) => {
        entries.forEach((entry, j) => {
          if (!entry) return;
          const i = missing[j] as number;
          values[i] = entry.value as T;
          remember(keys[i] as string, entry, startedAt);
        });
        return values;
      });
    },
    set<T>(key: string, value: T, ttlSeconds?: number): Promise<void> {
      const invalid = ttlSeconds === undefined ? undefined : ttlError(ttlSeconds);
      if (invalid) return Promise.reject(invalid);
      flights.invalidate(key);
      return writeThrough(key, value, ttlSeconds);
    },
    delete(keys: string | readonly string[]): Promise<void> {
      const list = typeof keys === 'string' ? [keys] : [...keys];
      if (list.length === 0) return Promise.resolve();
      epoch++;
      flights.invalidate(list);
      void l1.delete(list);
      return Promise.all([redis.delete(list), publish({ n: nodeId, k: list })]).then(() => undefined);
    },
    async deleteByPrefix(prefix: string): Promise<number> {
      epoch++;
      flights.invalidatePrefix(prefix);
      await l1.deleteByPrefix(prefix);
      const deleted = await redis.deleteByPrefix(prefix);
      // Reads during the SCAN may have copied soon-deleted values into L1: drop them again.
      epoch++;
      await l1.deleteByPrefix(prefix);
      await publish({ n: nodeId, p: prefix });
      return deleted;
    },
    getOrSet<T>(key: string, compute: () => Promise<T>, ttlSeconds?: number): Promise<T> {
      const invalid = ttlSeconds === undefined ? undefined : ttlError(ttlSeconds);
      if (invalid) return Promise.reject(invalid);
      if (active) {
        const hit = l1.peek<T>(key);
        if (hit !== undefined) return Promise.resolve(hit);
      }
      return flights.run(
        key,
        () => load<T>(key),
        compute,
        (value) => writeThrough(key, value, ttlSeconds),
      );
    },
    async health(): Promise<HealthCheckResult> {
      const result = await redis.health();
      const details = { kind: 'tiered', l1Entries: l1.size, l1Active: active };
      if (result.status === 'up' && !active) {
        return {
          ...result,
          status: 'degraded',
          message: 'The cache invalidation channel is not subscribed: the in-process cache is bypassed.',
          details,
        };
      }
      return { ...result, details: { ...result.details, ...details } };
    },
    async ready(timeoutMs = 5000): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      if (!(await redis.ready(timeoutMs))) return false;
      if (active) return true;
      if (!(await waitForReady(subscriber, Math.max(0, deadline - Date.now())))) return false;
      if (active) return true;
      return new Promise((resolve) => {
        const done = (result: boolean) => {
          clearTimeout(timer);
          activeWaiters.delete(wake);
          resolve(result);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(active), Math.max(0, deadline - Date.now()));
        activeWaiters.add(wake);
      });
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      deactivate();
      subscriber.removeAllListeners('message');
      await closeClient(subscriber);
      await redis.close();
    },
    get l1Active() {
      return active;
    },
    get l1Size() {
      return l1.size;
    },
  };
  return cache;
}
