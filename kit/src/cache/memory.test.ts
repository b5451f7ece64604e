import { describe, expect, it } from 'vitest';
import { testCache } from './cache.test-suite.ts';
import { createMemoryCache } from './memory.ts';
import { TTL } from './types.ts';

testCache('memory', async (options) => {
  const cache = createMemoryCache({ maxEntries: 10_000, ...options });
  return { cache, dispose: () => cache.close() };
});

describe('createMemoryCache', () => {
  it('is bounded: beyond maxEntries the least recently used entry is evicted', async () => {
    const cache = createMemoryCache({ maxEntries: 3 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.set('c', 3);
    expect(await cache.get('a')).toBe(1); // a is now the most recently used
    await cache.set('d', 4);
    expect(cache.size).toBe(3);
    expect(await cache.getMany(['a', 'b', 'c', 'd'])).toEqual([1, undefined, 3, 4]);
  });

  it('peek reads synchronously and counts as a use for the LRU order', async () => {
    const cache = createMemoryCache({ maxEntries: 2 });
    await cache.set('a', { v: 1 });
    await cache.set('b', { v: 2 });
    expect(cache.peek('a')).toEqual({ v: 1 });
    await cache.set('c', { v: 3 });
    expect(cache.peek('a')).toEqual({ v: 1 });
    expect(cache.peek('b')).toBeUndefined();
    expect(cache.peek('missing')).toBeUndefined();
  });

  it('peek honours the TTL', async () => {
    const cache = createMemoryCache();
    await cache.set('k', 'v', 0.05);
    expect(cache.peek('k')).toBe('v');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(cache.peek('k')).toBeUndefined();
  });

  it('returns the stored object itself (no cloning: values are treated as immutable)', async () => {
    const cache = createMemoryCache();
    const value = { big: Array.from({ length: 100 }, (_, i) => i) };
    await cache.set('obj', value);
    expect(await cache.get('obj')).toBe(value);
    expect(cache.peek('obj')).toBe(value);
  });

  it('deleteByPrefix does not count expired entries', async () => {
    const cache = createMemoryCache();
    await cache.set('p:live', 1, 60);
    await cache.set('p:expired', 2, 0.02);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await cache.deleteByPrefix('p:')).toBe(1);
    expect(await cache.getMany(['p:live', 'p:expired'])).toEqual([undefined, undefined]);
  });

  it('clear and close drop everything', async () => {
    const cache = createMemoryCache();
    await cache.set('a', 1);
    cache.clear();
    expect(await cache.get('a')).toBeUndefined();
    await cache.set('b', 2);
    await cache.close();
    expect(cache.size).toBe(0);
  });

  it('reports its size in health details', async () => {
    const cache = createMemoryCache({ maxEntries: 50, defaultTtlSeconds: TTL.SHORT });
    await cache.set('a', 1);
    expect(await cache.health()).toEqual({ status: 'up', details: { kind: 'memory', entries: 1, maxEntries: 50 } });
  });

  it('rejects bad options at creation', () => {
    expect(() => createMemoryCache({ maxEntries: 0 })).toThrow(/maxEntries/);
    expect(() => createMemoryCache({ maxEntries: 1.5 })).toThrow(/maxEntries/);
    expect(() => createMemoryCache({ defaultTtlSeconds: 0 })).toThrow(/defaultTtlSeconds/);
  });
});
