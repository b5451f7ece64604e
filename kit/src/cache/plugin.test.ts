import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCoreConfig, type EnvRecord } from '../core/config.ts';
import { EventBus } from '../core/events.ts';
import type { SDKEvents } from '../core/event-map.ts';
import { createLogger } from '../core/logger.ts';
import type { PluginContext } from '../core/plugin.ts';
import type { Services } from '../core/services.ts';
import { closedPort, deleteKeys, randomKeyPrefix, rawClient, REDIS_URL } from './cache.test-suite.ts';
import { createMemoryCache } from './memory.ts';
import { cachePlugin } from './plugin.ts';
import type { TieredCache } from './tiered.ts';
import type { Cache } from './types.ts';

const logger = createLogger({ level: 'silent' });

/** The context the SDK would hand the plugin, with the services it provides captured. */
function context(env: EnvRecord): { ctx: PluginContext; provided: Partial<Services> } {
  const provided: Partial<Services> = {};
  const ctx: PluginContext = {
    config: resolveCoreConfig({ NODE_ENV: 'test', ...env }),
    pluginConfig: undefined,
    env,
    logger,
    events: new EventBus<SDKEvents>(logger),
    provide(name, service) {
      provided[name] = service;
    },
    use(name) {
      const service = provided[name];
      if (!service) throw new Error(`no ${name}`);
      return service;
    },
  };
  return { ctx, provided };
}

describe('cachePlugin', () => {
  const prefix = randomKeyPrefix().slice(0, -1);
  let raw: Redis;
  beforeAll(() => {
    raw = rawClient();
  });
  afterAll(async () => {
    await deleteKeys(raw, `${prefix}:`);
    await raw.quit();
  });

  it('is the `cache` plugin with no dependencies', () => {
    const plugin = cachePlugin();
    expect(plugin.name).toBe('cache');
    expect(plugin.dependsOn ?? []).toEqual([]);
  });

  it('without REDIS_URL: provides the bounded in-process cache, healthy', async () => {
    const plugin = cachePlugin();
    const { ctx, provided } = context({ CACHE_MAX_ENTRIES: '2' });
    await plugin.setup(ctx);
    await plugin.start?.(ctx);
    const cache = provided.cache as Cache;
    expect(cache.kind).toBe('memory');
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.set('c', 3);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([undefined, 2, 3]);
    expect((await plugin.health?.())?.status).toBe('up');
    await plugin.stop?.();
    expect(await cache.get('c')).toBeUndefined();
    expect((await plugin.health?.())?.status).toBe('down');
  });

  it('with REDIS_URL: provides the tiered cache under <REDIS_KEY_PREFIX>:cache:, reports PING latency, closes on stop', async () => {
    const plugin = cachePlugin();
    const { ctx, provided } = context({ REDIS_URL, REDIS_KEY_PREFIX: prefix });
    await plugin.setup(ctx);
    await plugin.start?.(ctx);
    const cache = provided.cache as TieredCache;
    expect(cache.kind).toBe('tiered');
    expect(cache.l1Active).toBe(true);
    await cache.set('greeting', { text: 'hi' });
    expect(await raw.get(`${prefix}:cache:greeting`)).toBe('{"text":"hi"}');
    expect(await cache.get('greeting')).toEqual({ text: 'hi' });
    const health = await plugin.health?.();
    expect(health?.status).toBe('up');
    expect(health?.latencyMs).toBeGreaterThanOrEqual(0);
    await plugin.stop?.();
    expect(cache.l1Active).toBe(false);
    expect(await cache.get('greeting')).toBeUndefined(); // closed: misses, does not throw
  });

  it('with Redis unreachable: starts anyway and reports degraded, not down', async () => {
    const plugin = cachePlugin({ connectTimeoutMs: 200 });
    const { ctx, provided } = context({
      REDIS_URL: `redis://127.0.0.1:${await closedPort()}`,
      REDIS_KEY_PREFIX: prefix,
    });
    await plugin.setup(ctx);
    await expect(Promise.resolve(plugin.start?.(ctx))).resolves.toBeUndefined();
    const cache = provided.cache as Cache;
    expect(await cache.getOrSet('k', async () => 'from source')).toBe('from source');
    const health = await plugin.health?.();
    expect(health?.status).toBe('degraded');
    await plugin.stop?.();
  });

  it('uses a cache it is given, and closes it on stop', async () => {
    const given = createMemoryCache();
    await given.set('k', 'v');
    const plugin = cachePlugin({ cache: given });
    const { ctx, provided } = context({ REDIS_URL });
    await plugin.setup(ctx);
    expect(provided.cache).toBe(given);
    await plugin.stop?.();
    expect(given.size).toBe(0);
  });
});
