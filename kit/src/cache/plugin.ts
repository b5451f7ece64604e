import type { HealthCheckResult } from '../core/health.ts';
import type { ServerPlugin } from '../core/plugin.ts';
import { createMemoryCache } from './memory.ts';
import { createTieredCache } from './tiered.ts';
import { TTL, type Cache } from './types.ts';

/** Options of {@link cachePlugin}; the rest comes from the core configuration (`REDIS_URL`, `CACHE_MAX_ENTRIES`…). */
export interface CachePluginOptions {
  /** A cache to use instead of the one the configuration asks for (tests). The plugin closes it on stop. */
  cache?: Cache;
  /** TTL of `set` calls without one. @default TTL.MEDIUM (5 minutes) */
  defaultTtlSeconds?: number;
  /** With Redis: longest an entry stays in the in-process L1. @default 60 */
  l1TtlSeconds?: number;
  /** With Redis: how long `start` waits for the first connection before going on degraded. @default 2000 */
  connectTimeoutMs?: number;
}

/** The Redis-backed caches can wait for their connection. */
function canWaitForReady(cache: Cache): cache is Cache & { ready(timeoutMs: number): Promise<boolean> } {
  return typeof (cache as Partial<Record<'ready', unknown>>).ready === 'function';
}

/**
 * The `cache` foundation plugin (no dependencies). Without `REDIS_URL`: the in-process LRU cache of
 * `CACHE_MAX_ENTRIES` entries. With it: the tiered cache (that L1 in front of Redis under
 * `<REDIS_KEY_PREFIX>:cache:`, kept coherent by pub/sub). Provides the `cache` service; its health is Redis's PING
 * latency, and `degraded` (not `down`) while Redis is unreachable, since reads fall through to the source.
 * @example await createSDK({ plugins: [cachePlugin({ defaultTtlSeconds: TTL.LONG })] });
 */
export function cachePlugin(options: CachePluginOptions = {}): ServerPlugin {
  let cache: Cache | undefined;

  return {
    name: 'cache',
    dependsOn: [],
    setup(ctx) {
      const { config } = ctx;
      const defaultTtlSeconds = options.defaultTtlSeconds ?? TTL.MEDIUM;
      cache =
        options.cache ??
        (config.REDIS_URL
          ? createTieredCache({
              url: config.REDIS_URL,
              keyPrefix: `${config.REDIS_KEY_PREFIX}:cache:`,
              maxEntries: config.CACHE_MAX_ENTRIES,
              defaultTtlSeconds,
              l1TtlSeconds: options.l1TtlSeconds,
              logger: ctx.logger,
            })
          : createMemoryCache({ maxEntries: config.CACHE_MAX_ENTRIES, defaultTtlSeconds }));
      ctx.provide('cache', cache);
    },
    async start(ctx) {
      if (!cache || !canWaitForReady(cache)) return;
      // Not fatal: the app runs without Redis (reads fall through) and the connection keeps retrying.
      const ready = await cache.ready(options.connectTimeoutMs ?? 2000);
      if (!ready) ctx.logger.warn('Redis is not reachable yet: the cache is bypassed until it is.');
    },
    async stop() {
      const open = cache;
      cache = undefined;
      await open?.close();
    },
    health(): Promise<HealthCheckResult> {
      if (!cache) return Promise.resolve({ status: 'down', message: 'cache closed' });
      return cache.health();
    },
  };
}
