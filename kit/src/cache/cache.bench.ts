// Cache hit costs against their baselines, measured the same way in the same run:
// - memory cache hit vs lru-cache `get` with the same options (target <= 1.5x), awaited and synchronous (`peek`);
// - Redis cache hit vs a raw ioredis GET of the same JSON value on a default-options client (target <= 1.1x);
// - tiered cache L1 hit vs Redis cache hit (the issue expects a Redis hit to cost ~2,000x an in-process hit; printed,
//   and checked to be at least 100x).
// Keys live under a random prefix that is deleted afterwards.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { round, type BenchHarness, type BenchSuite, type TimingStats } from '../../bench/harness.ts';
import { createLogger } from '../core/logger.ts';
import { createMemoryCache } from './memory.ts';
import { createRedisCache } from './redis.ts';
import { createTieredCache } from './tiered.ts';
import { TTL } from './types.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEYS = 1024; // a power of two: `i & MASK` cycles through them
const MASK = KEYS - 1;
/**
 * In-process hits take tens of ns, less than the harness's own per-iteration cost: each measured task makes BATCH
 * calls (subject and baseline alike) and the figures are divided back to one call.
 */
const BATCH = 64;
const value = { id: 42, email: 'ada@example.com', name: 'Ada Lovelace', roles: ['admin', 'editor'], active: true };

/** Alternates baseline and subject and keeps each one's best p50: the machine is shared and noisy. */
async function compare(
  h: BenchHarness,
  label: string,
  subject: () => unknown,
  baseline: () => unknown,
  rounds: number,
  timeMs: number,
): Promise<{ subject: TimingStats; baseline: TimingStats }> {
  const runs: { subject: TimingStats[]; baseline: TimingStats[] } = { subject: [], baseline: [] };
  for (let round = 0; round < rounds; round++) {
    runs.baseline.push(await h.time(`${label} baseline`, baseline, { timeMs }));
    runs.subject.push(await h.time(`${label} sv-sdk`, subject, { timeMs }));
  }
  const best = (list: TimingStats[]) => list.reduce((a, b) => (b.p50Ns < a.p50Ns ? b : a));
  return { subject: best(runs.subject), baseline: best(runs.baseline) };
}

function perCall(stats: TimingStats): TimingStats {
  return {
    p50Ns: round(stats.p50Ns / BATCH, 1),
    p99Ns: round(stats.p99Ns / BATCH, 1),
    meanNs: round(stats.meanNs / BATCH, 1),
    opsPerSecond: stats.opsPerSecond * BATCH,
    samples: stats.samples,
  };
}

async function deleteKeys(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await client.del(...keys);
  } while (cursor !== '0');
}

export default (async (h) => {
  const keys = Array.from({ length: KEYS }, (_, i) => `user:${i}`);

  // Memory cache vs lru-cache configured the same way (bounded, default TTL).
  {
    const lru = new LRUCache<string, NonNullable<unknown>>({ max: 10_000, ttl: TTL.MEDIUM * 1000 });
    const memory = createMemoryCache({ maxEntries: 10_000, defaultTtlSeconds: TTL.MEDIUM });
    for (const key of keys) {
      lru.set(key, value);
      await memory.set(key, value);
    }
    if ((await memory.get(keys[7] as string)) !== value || lru.get(keys[7] as string) !== value)
      throw new Error('memory: expected hits');
    let i = 0;
    let j = 0;
    const awaited = await compare(
      h,
      'memory get',
      async () => {
        for (let n = 0; n < BATCH; n++) await memory.get(keys[i++ & MASK] as string);
      },
      async () => {
        for (let n = 0; n < BATCH; n++) await lru.get(keys[j++ & MASK] as string);
      },
      5,
      400,
    );
    h.latencyRatio({
      id: 'cache.memory.hit',
      title: 'memory cache hit (awaited get)',
      subject: perCall(awaited.subject),
      baseline: perCall(awaited.baseline),
      baselineName: 'lru-cache get (awaited)',
      maxRatio: 1.5,
    });
    const sync = await compare(
      h,
      'memory peek',
      () => {
        let hits = 0;
        for (let n = 0; n < BATCH; n++) if (memory.peek(keys[i++ & MASK] as string) !== undefined) hits++;
        return hits;
      },
      () => {
        let hits = 0;
        for (let n = 0; n < BATCH; n++) if (lru.get(keys[j++ & MASK] as string) !== undefined) hits++;
        return hits;
      },
      5,
      400,
    );
    h.latencyRatio({
      id: 'cache.memory.peek',
      title: 'memory cache hit (synchronous peek)',
      subject: perCall(sync.subject),
      baseline: perCall(sync.baseline),
      baselineName: 'lru-cache get',
      maxRatio: 1.5,
    });
  }

  // Redis cache vs raw ioredis GET; then the tiered cache's L1 against that Redis hit.
  const prefix = `sv-sdk-bench:${randomUUID().slice(0, 8)}:`;
  const raw = new Redis(REDIS_URL, { connectionName: 'sv-sdk-bench:raw' });
  const logger = createLogger({ level: 'warn' });
  const redis = createRedisCache({ url: REDIS_URL, keyPrefix: prefix, logger });
  const tiered = createTieredCache({ url: REDIS_URL, keyPrefix: prefix, logger });
  try {
    if (!(await redis.ready(5000)) || !(await tiered.ready(5000)))
      throw new Error(`Redis at ${REDIS_URL} is not reachable`);
    await redis.set('hit', value, TTL.LONG);
    const json = await raw.get(`${prefix}hit`);
    if (json !== JSON.stringify(value)) throw new Error('redis: the raw client does not see the cached JSON');
    const remote = await compare(
      h,
      'redis get',
      async () => {
        await redis.get('hit');
      },
      async () => {
        await raw.get(`${prefix}hit`);
      },
      3,
      1000,
    );
    h.latencyRatio({
      id: 'cache.redis.hit',
      title: 'Redis cache hit (GET + JSON.parse)',
      subject: remote.subject,
      baseline: remote.baseline,
      baselineName: 'raw ioredis GET',
      maxRatio: 1.1,
    });

    if ((await tiered.get('hit')) === undefined || tiered.peek('hit') === undefined)
      throw new Error('tiered: expected an L1 hit');
    // The "in-process hit" is a synchronous lookup (lru-cache ~30 ns beside a ~75 µs GET): compare `peek`.
    // The awaited `get` is printed too; its cost is mostly the await itself.
    const l1 = perCall(
      await h.time('tiered L1 peek', () => {
        let hits = 0;
        for (let n = 0; n < BATCH; n++) if (tiered.peek('hit') !== undefined) hits++;
        return hits;
      }),
    );
    const l1Awaited = perCall(
      await h.time('tiered L1 get', async () => {
        for (let n = 0; n < BATCH; n++) await tiered.get('hit');
      }),
    );
    const factor = remote.subject.p50Ns / l1.p50Ns;
    const awaitedFactor = remote.subject.p50Ns / l1Awaited.p50Ns;
    h.record({
      id: 'cache.tiered.l1-vs-redis',
      title: `tiered L1 hit (peek): a Redis hit costs ${Math.round(factor)}x [awaited get: ${l1Awaited.p50Ns} ns, ${Math.round(awaitedFactor)}x]`,
      value: l1.p50Ns,
      unit: 'ns p50',
      baseline: { name: 'Redis cache hit', value: remote.subject.p50Ns },
      ratio: round(l1.p50Ns / remote.subject.p50Ns, 5),
      target: 'Redis hit >= 100x an L1 hit (the issue expects ~2,000x)',
      pass: factor >= 100,
    });
  } finally {
    await deleteKeys(raw, prefix);
    await Promise.all([redis.close(), tiered.close()]);
    await raw.quit();
  }
}) satisfies BenchSuite;
