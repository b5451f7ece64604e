import type { HealthCheckResult } from '../core/health.ts';

/** Common TTLs, in seconds. */
export const TTL = {
  SHORT: 60,
  MEDIUM: 5 * 60,
  LONG: 60 * 60,
  DAY: 24 * 60 * 60,
} as const;

export type CacheKind = 'memory' | 'redis' | 'tiered';

/**
 * The cache service (`sdk.cache`). Values are JSON-serialisable and must be treated as immutable by callers.
 * Errors of a remote cache never reach the caller: reads miss, writes are dropped, and the error is logged.
 */
export interface Cache {
  readonly kind: CacheKind;
  get<T>(key: string): Promise<T | undefined>;
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  /** `ttlSeconds` omitted: the cache's default TTL. */
  set<T>(key: string, value: T, ttlSeconds?: number): Promise<void>;
  delete(keys: string | readonly string[]): Promise<void>;
  /** Deletes every key under `prefix` (SCAN on Redis, never KEYS); returns how many. */
  deleteByPrefix(prefix: string): Promise<number>;
  /** Returns the cached value or computes it once, however many callers miss at the same time. */
  getOrSet<T>(key: string, compute: () => Promise<T>, ttlSeconds?: number): Promise<T>;
  health(): Promise<HealthCheckResult>;
  close(): Promise<void>;
}
