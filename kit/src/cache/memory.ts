import { LRUCache } from 'lru-cache';
import type { HealthCheckResult } from '../core/health.ts';
import { checkTtlSeconds, DONE, ttlError } from './cache-utils.ts';
import { SingleFlight } from './single-flight.ts';
import { TTL, type Cache } from './types.ts';

/**
 * What the LRU holds per key: the value and, made once at write time, a promise already resolved with it, so a hit
 * through the async `get` allocates nothing.
 */
interface Entry {
  readonly value: unknown;
  readonly resolved: Promise<unknown>;
}

const MISS: Promise<undefined> = Promise.resolve(undefined);

/** Options of {@link createMemoryCache}. */
export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used one is evicted beyond. @default 10_000 */
  maxEntries?: number;
  /** TTL of `set` calls without one. @default TTL.MEDIUM (5 minutes) */
  defaultTtlSeconds?: number;
}

/** The in-process cache: bounded LRU with per-entry TTL. */
export interface MemoryCache extends Cache {
  readonly kind: 'memory';
  /**
   * Synchronous read for hot paths: the live value or `undefined`. Like `get`, it counts as a use for the LRU order
   * (unlike lru-cache's own `peek`), so entries read only through `peek` are not evicted as unused.
   */
  peek<T>(key: string): T | undefined;
  /** Entries held (expired ones not read or evicted yet included). */
  readonly size: number;
  /** Drops every entry. */
  clear(): void;
}

/**
 * Creates the in-process cache (lru-cache: bounded size, TTL). Values are stored by reference, not cloned: treat
 * what you put in and get out as immutable.
 * @example
 * const cache = createMemoryCache({ maxEntries: 10_000, defaultTtlSeconds: TTL.MEDIUM });
 * const user = await cache.getOrSet(`user:${id}`, () => loadUser(id), TTL.SHORT);
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): MemoryCache {
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(`[sv-sdk] [cache] \`maxEntries\` must be a positive integer, got ${String(maxEntries)}.`);
  }
  const defaultTtlSeconds = checkTtlSeconds(options.defaultTtlSeconds ?? TTL.MEDIUM, 'defaultTtlSeconds');
  const lru = new LRUCache<string, Entry>({ max: maxEntries, ttl: defaultTtlSeconds * 1000 });
  const flights = new SingleFlight();
  const put = (key: string, value: unknown, ttlSeconds: number | undefined): void => {
    const entry: Entry = { value, resolved: Promise.resolve(value) };
    if (ttlSeconds === undefined) lru.set(key, entry);
    else lru.set(key, entry, { ttl: ttlSeconds * 1000 });
  };

  const write = (key: string, value: unknown, ttlSeconds: number | undefined): void => {
    flights.invalidate(key);
    if (value === undefined) {
      lru.delete(key);
      return;
    }
    put(key, value, ttlSeconds === undefined ? undefined : checkTtlSeconds(ttlSeconds));
  };

  const cache: MemoryCache = {
    kind: 'memory',
    // Hot path: no async function, no cloning, no allocation (the entry's promise was made at write time).
    get<T>(key: string): Promise<T | undefined> {
      const entry = lru.get(key);
      return (entry === undefined ? MISS : entry.resolved) as Promise<T | undefined>;
    },
    peek<T>(key: string): T | undefined {
      return lru.get(key)?.value as T | undefined;
    },
    getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
      const values = new Array<T | undefined>(keys.length);
      for (let i = 0; i < keys.length; i++) values[i] = lru.get(keys[i] as string)?.value as T | undefined;
      return Promise.resolve(values);
    },
    set<T>(key: string, value: T, ttlSeconds?: number): Promise<void> {
      try {
        write(key, value, ttlSeconds);
      } catch (error) {
        return Promise.reject(error);
      }
      return DONE;
    },
    delete(keys: string | readonly string[]): Promise<void> {
      flights.invalidate(keys);
      if (typeof keys === 'string') lru.delete(keys);
      else for (const key of keys) lru.delete(key);
      return DONE;
    },
    deleteByPrefix(prefix: string): Promise<number> {
      flights.invalidatePrefix(prefix);
      // Collect first: deleting while lru-cache iterates would skip entries. `keys()` skips expired entries, so
      // they are not counted (they go when evicted or read).
      const matching: string[] = [];
      for (const key of lru.keys()) if (key.startsWith(prefix)) matching.push(key);
      for (const key of matching) lru.delete(key);
      return Promise.resolve(matching.length);
    },
    getOrSet<T>(key: string, compute: () => Promise<T>, ttlSeconds?: number): Promise<T> {
      const invalid = ttlSeconds === undefined ? undefined : ttlError(ttlSeconds);
      if (invalid) return Promise.reject(invalid);
      const hit = lru.get(key);
      if (hit !== undefined) return hit.resolved as Promise<T>;
      return flights.run(key, undefined, compute, (value) => {
        // Not `write`: that would invalidate this very flight.
        put(key, value, ttlSeconds);
        return DONE;
      });
    },
    health(): Promise<HealthCheckResult> {
      return Promise.resolve({ status: 'up', details: { kind: 'memory', entries: lru.size, maxEntries } });
    },
    close(): Promise<void> {
      lru.clear();
      return DONE;
    },
    get size() {
      return lru.size;
    },
    clear() {
      flights.invalidatePrefix('');
      lru.clear();
    },
  };
  return cache;
}
