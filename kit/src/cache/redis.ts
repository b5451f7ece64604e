import { Redis, type RedisOptions } from 'ioredis';
import type { HealthCheckResult } from '../core/health.ts';
import type { Logger } from '../core/logger.ts';
import { reconnectDelayMs } from '../core/reconnect.ts';
import { checkTtlSeconds, createFailureLog, defaultCacheLogger, ttlError, type FailureLog } from './cache-utils.ts';
import { SingleFlight } from './single-flight.ts';
import { TTL, type Cache } from './types.ts';

/** Options of {@link createRedisCache}. */
export interface RedisCacheOptions {
  /**
   * An ioredis client to use instead of opening one. The caller owns it: `close()` leaves it open. Give it
   * {@link redisCacheClientOptions} (fail fast while disconnected) or reads may wait for a reconnection.
   */
  client?: Redis;
  /** `redis://[:password@]host:6379[/db]`; the cache opens and owns its connection. Ignored when `client` is given. */
  url?: string;
  /** Prepended to every key, e.g. `my-app:cache:`; `deleteByPrefix` never reaches beyond it. */
  keyPrefix: string;
  /** TTL of `set` calls without one. @default TTL.MEDIUM (5 minutes) */
  defaultTtlSeconds?: number;
  /** Where Redis failures are reported (at most one line per `errorLogIntervalMs`). @default a pino logger at `warn` */
  logger?: Logger;
  /** At most one failure log line per this many ms; the next line counts the ones left out. @default 10_000 */
  errorLogIntervalMs?: number;
  /**
   * Only with `url`: when Redis has answered none of the cache's pending commands for this long (a hung server or a
   * silently dropped network path), the connection is dropped and reopened, and the waiting commands fail (reads
   * miss). A watchdog timer checks this rather than one timer per command, which would cost ~10% of a local GET.
   * @default 1000
   */
  commandTimeoutMs?: number;
  /** Only with `url`: the name shown by `CLIENT LIST`. @default 'sv-sdk:cache' */
  connectionName?: string;
}

/** A value read from Redis with the time it has left, in ms (`-1`: no expiry). */
export interface RedisEntry {
  value: unknown;
  ttlMs: number;
}

/** The Redis cache: JSON values under `keyPrefix`, shared by every app node. */
export interface RedisCache extends Cache {
  readonly kind: 'redis';
  /** The connection commands go through (the tiered cache publishes invalidations on it). */
  readonly client: Redis;
  readonly keyPrefix: string;
  /** Resolves `true` once connected, `false` after `timeoutMs` without a connection; never rejects. */
  ready(timeoutMs?: number): Promise<boolean>;
  /**
   * Reads values together with their remaining TTL in one round trip (GET + PTTL pipelined); misses and failures
   * are `undefined`. Used by the tiered cache so an L1 copy never outlives the Redis entry.
   */
  getEntries(keys: readonly string[]): Promise<(RedisEntry | undefined)[]>;
}

/**
 * ioredis options for a cache connection: commands fail at once while disconnected (no offline queue; commands in
 * flight when the connection drops fail instead of waiting for a reconnection) so a Redis outage turns into cache
 * misses instead of stalled requests, and reconnection continues in the background with capped exponential backoff.
 */
export function redisCacheClientOptions(options: { connectionName?: string } = {}): RedisOptions {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 5000,
    connectionName: options.connectionName ?? 'sv-sdk:cache',
    // 100 ms, 200 ms, … capped at 5 s, with jitter so app nodes do not reconnect in step; never gives up.
    retryStrategy: (times) => reconnectDelayMs(times),
  };
}

/** Escapes SCAN's glob characters so a prefix matches literally. */
export function escapeGlob(value: string): string {
  return value.replace(/[*?[\]\\]/g, '\\$&');
}

const SCAN_COUNT = 1000;

/**
 * Creates the Redis cache (ioredis). Values are stored as JSON with `SET … EX`, `getMany` is one `MGET`,
 * `deleteByPrefix` walks `SCAN` (never `KEYS`) and `UNLINK`s each batch. When Redis is down nothing throws: reads
 * miss (callers fall through to the source), writes are dropped and the failure is logged, rate-limited.
 * @example
 * const cache = createRedisCache({ url: process.env.REDIS_URL, keyPrefix: 'my-app:cache:', logger });
 * await cache.set('greeting', { text: 'hello' }, TTL.SHORT);
 */
export function createRedisCache(options: RedisCacheOptions): RedisCache {
  const { keyPrefix } = options;
  if (typeof keyPrefix !== 'string') throw new TypeError('[sv-sdk] [cache] Missing required option `keyPrefix`.');
  if (!options.client && !options.url)
    throw new TypeError('[sv-sdk] [cache] Missing required option `url` (or `client`).');
  const defaultTtlSeconds = checkTtlSeconds(options.defaultTtlSeconds ?? TTL.MEDIUM, 'defaultTtlSeconds');
  const commandTimeoutMs = options.commandTimeoutMs ?? 1000;
  if (!(commandTimeoutMs > 0))
    throw new RangeError('[sv-sdk] [cache] `commandTimeoutMs` must be a positive number of ms.');
  const logger = options.logger ?? defaultCacheLogger();
  const owned = !options.client;
  const client =
    options.client ??
    new Redis(options.url as string, redisCacheClientOptions({ connectionName: options.connectionName }));
  const failure: FailureLog = createFailureLog(
    logger,
    'Redis cache unavailable: reads miss and fall through to the source, writes are dropped.',
    options.errorLogIntervalMs ?? 10_000,
  );
  const flights = new SingleFlight();
  let closed = false;

  const report = (error: unknown, op: string): void => {
    if (!closed) failure(error, op);
  };
  const onConnectionError = (error: unknown) => report(error, 'connection');
  const onReady = () => failure.recovered();
  client.on('error', onConnectionError);
  client.on('ready', onReady);

  // Watchdog state: commands sent and not settled, and how many have settled so far.
  let pending = 0;
  let settled = 0;
  const track = <R>(command: Promise<R>): Promise<R> => {
    pending++;
    const done = () => {
      pending--;
      settled++;
    };
    command.then(done, done);
    return command;
  };
  let watchdog: NodeJS.Timeout | undefined;
  if (owned) {
    let seen = -1;
    let since = performance.now();
    watchdog = setInterval(
      () => {
        if (pending === 0 || settled !== seen) {
          seen = settled;
          since = performance.now();
          return;
        }
        if (performance.now() - since < commandTimeoutMs) return;
        report(
          new Error(`Redis answered none of ${pending} command(s) within ${commandTimeoutMs} ms: reconnecting.`),
          'timeout',
        );
        since = performance.now();
        dropConnection(client);
      },
      Math.max(20, Math.floor(commandTimeoutMs / 4)),
    );
    watchdog.unref();
  }

  const parse = (raw: string | null): unknown => {
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch (error) {
      // Written by something else: treat as a miss rather than failing the caller.
      report(error, 'parse');
      return undefined;
    }
  };
  const readFailed = (error: unknown): undefined => {
    report(error, 'read');
    return undefined;
  };
  // `get` is the hot path: its watchdog bookkeeping is inlined rather than a second `then` through `track`.
  const onGetReply = (raw: string | null): unknown => {
    pending--;
    settled++;
    return parse(raw);
  };
  const onGetError = (error: unknown): undefined => {
    pending--;
    settled++;
    return readFailed(error);
  };
  const writeFailed = (error: unknown): void => report(error, 'write');
  const noop = (): void => {};

  const write = (key: string, value: unknown, ttlSeconds: number | undefined): Promise<void> => {
    const seconds = ttlSeconds ?? defaultTtlSeconds;
    const invalid = ttlError(seconds);
    if (invalid) return Promise.reject(invalid);
    if (value === undefined) return remove([key]);
    let json: string;
    try {
      json = JSON.stringify(value);
    } catch (error) {
      // Not JSON-serialisable (a BigInt, a cycle): the caller's bug, not a cache failure.
      return Promise.reject(error);
    }
    // EX takes whole seconds; fractions go to PX so short TTLs are not rounded away.
    const command = Number.isInteger(seconds)
      ? client.set(keyPrefix + key, json, 'EX', seconds)
      : client.set(keyPrefix + key, json, 'PX', Math.ceil(seconds * 1000));
    return track(command).then(noop, writeFailed);
  };
  const remove = (keys: readonly string[]): Promise<void> => {
    if (keys.length === 0) return Promise.resolve();
    return track(client.unlink(...keys.map((key) => keyPrefix + key))).then(noop, writeFailed);
  };
  const get = <T>(key: string): Promise<T | undefined> => {
    pending++;
    return client.get(keyPrefix + key).then(onGetReply, onGetError) as Promise<T | undefined>;
  };

  const cache: RedisCache = {
    kind: 'redis',
    client,
    keyPrefix,
    // Hot path: one GET and one `then`, no async function.
    get,
    getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
      if (keys.length === 0) return Promise.resolve([]);
      return track(client.mget(keys.map((key) => keyPrefix + key))).then(
        (raws) => raws.map(parse) as (T | undefined)[],
        (error: unknown) => {
          report(error, 'read');
          return new Array<T | undefined>(keys.length).fill(undefined);
        },
      );
    },
    async getEntries(keys: readonly string[]): Promise<(RedisEntry | undefined)[]> {
      const entries = new Array<RedisEntry | undefined>(keys.length).fill(undefined);
      if (keys.length === 0) return entries;
      const pipeline = client.pipeline();
      for (const key of keys) pipeline.get(keyPrefix + key).pttl(keyPrefix + key);
      let results: [error: Error | null, result: unknown][] | null;
      try {
        results = await track(pipeline.exec());
      } catch (error) {
        report(error, 'read');
        return entries;
      }
      if (!results) return entries;
      for (let i = 0; i < keys.length; i++) {
        const [getError, raw] = results[2 * i] ?? [null, null];
        const [pttlError, ttlMs] = results[2 * i + 1] ?? [null, -2];
        if (getError || pttlError) {
          report(getError ?? pttlError, 'read');
          continue;
        }
        const value = parse(raw as string | null);
        // -2: the key expired between GET and PTTL.
        if (value !== undefined && ttlMs !== -2) entries[i] = { value, ttlMs: ttlMs as number };
      }
      return entries;
    },
    set<T>(key: string, value: T, ttlSeconds?: number): Promise<void> {
      flights.invalidate(key);
      return write(key, value, ttlSeconds);
    },
    delete(keys: string | readonly string[]): Promise<void> {
      flights.invalidate(keys);
      return remove(typeof keys === 'string' ? [keys] : keys);
    },
    async deleteByPrefix(prefix: string): Promise<number> {
      flights.invalidatePrefix(prefix);
      const pattern = `${escapeGlob(keyPrefix + prefix)}*`;
      let deleted = 0;
      let cursor = '0';
      try {
        do {
          const [next, keys] = await track(client.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT));
          cursor = next;
          // SCAN may return a key twice; UNLINK counts only what it removed.
          if (keys.length > 0) deleted += await track(client.unlink(...keys));
        } while (cursor !== '0');
      } catch (error) {
        report(error, 'deleteByPrefix');
      }
      return deleted;
    },
    getOrSet<T>(key: string, compute: () => Promise<T>, ttlSeconds?: number): Promise<T> {
      const invalid = ttlSeconds === undefined ? undefined : ttlError(ttlSeconds);
      if (invalid) return Promise.reject(invalid);
      return flights.run(
        key,
        () => get<T>(key),
        compute,
        (value) => write(key, value, ttlSeconds),
      );
    },
    async health(): Promise<HealthCheckResult> {
      if (client.status !== 'ready') {
        return {
          status: 'degraded',
          message: 'Redis is not connected: cache reads fall through to the source.',
          details: { kind: 'redis', connection: client.status },
        };
      }
      const started = performance.now();
      if (await answersPing(client, commandTimeoutMs)) {
        return {
          status: 'up',
          latencyMs: Math.round((performance.now() - started) * 100) / 100,
          details: { kind: 'redis' },
        };
      }
      return {
        status: 'degraded',
        message: 'Redis did not answer PING: cache reads fall through to the source.',
        details: { kind: 'redis' },
      };
    },
    ready(timeoutMs = 5000): Promise<boolean> {
      return waitForReady(client, timeoutMs);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      clearInterval(watchdog);
      client.off('ready', onReady);
      if (!owned) {
        client.off('error', onConnectionError);
        return;
      }
      await closeClient(client);
      client.off('error', onConnectionError);
    },
  };
  return cache;
}

/** Whether `client` answers PING within `timeoutMs`; never rejects. */
export function answersPing(client: Redis, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    client.ping().then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(false);
      },
    );
  });
}

/** Resolves `true` once `client` is ready, `false` after `timeoutMs`; never rejects. */
export function waitForReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  if (client.status === 'end') return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (result: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(result);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on('ready', onReady);
  });
}

/**
 * Destroys a connection that stopped answering: its waiting commands fail at once (maxRetriesPerRequest 0) and
 * ioredis reconnects with backoff. Not `disconnect(true)`: that ends the socket gracefully and waits up to 2 s for a
 * peer that is not answering.
 */
export function dropConnection(client: Redis): void {
  client.stream?.destroy();
}

/** QUIT when connected (pending replies arrive first; at most `timeoutMs`), otherwise stop reconnecting. Never rejects. */
export async function closeClient(client: Redis, timeoutMs = 1000): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    const quit = client.quit().then(
      () => true,
      () => false,
    );
    const deadline = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const quitted = await Promise.race([quit, deadline]);
    clearTimeout(timer);
    if (quitted) return;
  }
  client.disconnect();
  // A connection that does not answer would otherwise linger until ioredis' disconnectTimeout.
  client.stream?.destroy();
}
