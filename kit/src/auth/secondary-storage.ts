import type { SecondaryStorage } from 'better-auth';
import type { Cache } from '../cache/types.ts';

/** Prefix of every key better-auth writes into our cache (session tokens, active-session lists, revocation marks). */
export const AUTH_CACHE_PREFIX = 'auth:ba:';
const DEFAULT_TTL_SECONDS = 24 * 60 * 60;

type Peekable = Cache & { peek<T>(key: string): T | undefined };
const canPeek = (cache: Cache): cache is Peekable => typeof (cache as Partial<Peekable>).peek === 'function';

/**
 * better-auth's `secondaryStorage` on our cache service: in memory on one node, the tiered cache (in-process L1 in
 * front of Redis) with REDIS_URL. Sign-out and revocation `delete` the token's key; the tiered cache publishes the
 * deletion on its invalidation channel, so every node drops its L1 copy at once (well under 100 ms) and the next
 * lookup misses, falls back to the database row — already deleted — and answers "no session".
 *
 * `increment` and `getAndDelete` are not atomic on this cache: better-auth uses them only for its own rate limiter
 * (off: our limiter runs in hooks) and for verification values kept outside the database (off:
 * `verification.storeInDatabase`), so the auth plugin never relies on their atomicity.
 */
export interface AuthSecondaryStorage extends SecondaryStorage {
  /** Synchronous L1 read (memory and tiered caches); undefined when not in this process. */
  peek(key: string): unknown;
  /**
   * Cache-aside read of one key through `cache.getOrSet`: the cached value, or `compute()`'s, stored unless the key
   * was written or deleted (on any node, with the tiered cache) while `compute` ran. Concurrent misses share one
   * `compute`; an `undefined` result is not stored.
   */
  fill(key: string, compute: () => Promise<string | undefined>, ttlSeconds: number): Promise<string | undefined>;
}

export function cacheSecondaryStorage(cache: Cache): AuthSecondaryStorage {
  const k = (key: string) => AUTH_CACHE_PREFIX + key;
  const peekable = canPeek(cache) ? cache : undefined;
  return {
    async get(key) {
      return (await cache.get<string>(k(key))) ?? null;
    },
    peek(key) {
      return peekable?.peek<string>(k(key));
    },
    fill(key, compute, ttlSeconds) {
      return cache.getOrSet<string | undefined>(k(key), compute, ttlSeconds);
    },
    async set(key, value, ttl) {
      // better-auth passes seconds; 0 or less means "already expired".
      if (ttl !== undefined && ttl <= 0) {
        await cache.delete(k(key));
        return;
      }
      await cache.set(k(key), value, ttl ?? DEFAULT_TTL_SECONDS);
    },
    async delete(key) {
      await cache.delete(k(key));
    },
    async getAndDelete(key) {
      const value = await cache.get<string>(k(key));
      if (value !== undefined) await cache.delete(k(key));
      return value ?? null;
    },
    async increment(key, ttl) {
      const current = Number((await cache.get<string>(k(key))) ?? 0) + 1;
      await cache.set(k(key), String(current), ttl);
      return current;
    },
  };
}
