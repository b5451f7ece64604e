// Outage log noise: a Redis of this file's own (killed and started again) under the cache, the rate limiter and the
// BullMQ queue and worker of one app. While it is down, every cache read, every reconnect attempt of each connection
// fails; each component writes its first failure at once, then (core log throttle) at most a line per 10 s, and one
// line when it is back. Nothing reaches the console ("[ioredis] Unhandled error event") or stdout/stderr.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { formatWithOptions } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { until } from '../jobs/job-queue.test-suite.ts';
import { securityPlugin } from '../security/plugin.ts';
import { createTestSDK } from '../testing/index.ts';
import { startOwnRedisServer, type OwnRedisServer } from '../testing/redis-server.ts';
import { createLogger } from './logger.ts';
import type { SDK } from './sdk.ts';

interface Line {
  level: number;
  msg: string;
  plugin?: string;
  suppressed?: number;
  [key: string]: unknown;
}

const WARN = 40;

describe('log noise during a Redis outage', () => {
  let redis: OwnRedisServer;
  let sdk: SDK;
  const lines: Line[] = [];
  const printed: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Line);
      done();
    },
  });

  beforeAll(async () => {
    redis = await startOwnRedisServer();
    sdk = await createTestSDK({
      logger: createLogger({ level: 'debug', destination }),
      config: {
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: `sv-sdk-test-noise-${randomBytes(4).toString('hex')}`,
        JOBS_WORKER: true,
        RATE_LIMIT_ENABLED: true,
        // A shutdown while Redis is down waits for it up to this long (the second test).
        SHUTDOWN_TIMEOUT_MS: 3000,
      },
      plugins: [securityPlugin()],
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await sdk?.close();
    await redis?.close();
  });

  it('one line per component while Redis is down, a recovery line each when it is back, nothing on the console', async () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        printed.push(`console.${method}: ${formatWithOptions({ depth: 4 }, ...args)}`);
      });
    }
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
        printed.push(String(chunk));
        return true;
      });
    }
    const limiter = sdk.service('security').rateLimiter;
    const from = lines.length;
    await redis.kill();
    // Three seconds of traffic: cache reads and rate-limit checks (answered by the in-memory insurance limiter).
    const deadline = Date.now() + 3000;
    let requests = 0;
    while (Date.now() < deadline) {
      await Promise.all([
        sdk.cache.get(`noise-${requests}`),
        limiter.consume('api', { ip: `198.51.100.${requests % 200}` }).catch(() => undefined),
      ]);
      requests++;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const during = lines.slice(from).filter((line) => line.level >= WARN);
    const byMessage = new Map<string, number>();
    for (const line of during) byMessage.set(line.msg, (byMessage.get(line.msg) ?? 0) + 1);
    const summary = JSON.stringify([...byMessage]);
    // The outage reached every component…
    expect(requests).toBeGreaterThan(50);
    expect(summary).toContain('Redis cache unavailable');
    expect(summary).toContain('Rate-limit Redis unreachable');
    expect(summary).toMatch(/job (queue|worker) \(redis\) error/);
    // …and each wrote one line in these 3 s (the first; the next would come 10 s later with the count).
    expect(Math.max(...byMessage.values()), summary).toBe(1);
    expect(during.every((line) => line.suppressed === 0)).toBe(true);
    const queueLines = during.filter((line) => /job (queue|worker) \(redis\) error/.test(line.msg));
    expect(queueLines).toHaveLength(1);

    const back = lines.length;
    await redis.start();
    const recovered = () => lines.slice(back).map((line) => line.msg);
    await until(
      () =>
        [
          'Redis cache connection restored.',
          'Rate-limit Redis reachable again.',
          'job queue Redis reachable again',
        ].every((message) => recovered().includes(message)),
      15_000,
      'the recovery lines',
    );
    const restored = lines.slice(back).find((line) => line.msg === 'Redis cache connection restored.');
    expect(restored?.suppressed).toBeGreaterThan(0);
    expect(restored?.durationMs).toBeGreaterThanOrEqual(2500);
    expect(printed).toEqual([]);
  }, 60_000);

  it('closing the app while Redis is down prints nothing either', async () => {
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await sdk.close();
    // Late errors of connections being torn down.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(printed).toEqual([]);
  }, 30_000);
});
