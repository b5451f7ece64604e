// @sv-sdk/kit/cache: the public API of the cache domain.
export { TTL, type Cache, type CacheKind } from './types.ts';
export { createMemoryCache, type MemoryCache, type MemoryCacheOptions } from './memory.ts';
export {
  createRedisCache,
  redisCacheClientOptions,
  type RedisCache,
  type RedisCacheOptions,
  type RedisEntry,
} from './redis.ts';
export { createTieredCache, invalidationChannel, type TieredCache, type TieredCacheOptions } from './tiered.ts';
export { cachePlugin, type CachePluginOptions } from './plugin.ts';
