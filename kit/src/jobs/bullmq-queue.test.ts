// The BullMQ queue on the machine's Redis, under a random key prefix deleted afterwards: the conformance suite
// (stalled-job detection with a short lock for the killed worker) plus BullMQ specifics.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isSDKError } from '../core/errors.ts';
import { createBullMQJobQueue, jobIdForKey } from './bullmq-queue.ts';
import { defineJob } from './define.ts';
import { testJobQueue, until } from './job-queue.test-suite.ts';

const REDIS_URL = process.env.SV_SDK_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** Deletes every key under `prefix` (SCAN, never KEYS). */
async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

testJobQueue(
  'BullMQ on Redis',
  async () => {
    const prefix = `sv-sdk-test-${randomBytes(4).toString('hex')}`;
    return {
      create: async (queue, options) =>
        createBullMQJobQueue({
          connection: REDIS_URL,
          prefix,
          queue,
          leaseMs: options?.leaseMs,
          stalledIntervalMs: options?.leaseMs ? Math.max(100, Math.floor(options.leaseMs / 2)) : undefined,
        }),
      workerProcessEnv: (queue, leaseMs) => ({
        JOBS_TEST_BACKEND: 'bullmq',
        JOBS_TEST_URL: REDIS_URL,
        JOBS_TEST_PREFIX: prefix,
        JOBS_TEST_QUEUE: queue,
        JOBS_TEST_LEASE_MS: String(leaseMs),
      }),
      close: () => deletePrefix(prefix),
    };
  },
  { crossProcess: true },
);

describe('BullMQ queue specifics', () => {
  const prefix = `sv-sdk-test-${randomBytes(4).toString('hex')}`;
  afterAll(() => deletePrefix(prefix));

  it('keeps its keys under <REDIS_KEY_PREFIX>:jobs and uses the idempotency key as the job id', async () => {
    const queue = createBullMQJobQueue({ connection: REDIS_URL, prefix, queue: 'keys' });
    const job = defineJob({ name: 'keys.job', schema: z.object({}), handler: async () => {} });
    try {
      const { id } = await queue.enqueue(job, {}, { idempotencyKey: 'user:42' });
      expect(id).toBe(jobIdForKey('user:42'));
      expect(id).not.toContain(':');
      expect(jobIdForKey('a:b')).not.toBe(jobIdForKey('a%3Ab'));
      const redis = new Redis(REDIS_URL);
      try {
        const [, keys] = await redis.scan('0', 'MATCH', `${prefix}:jobs:keys:*`, 'COUNT', 1000);
        expect(keys.length).toBeGreaterThan(0);
      } finally {
        redis.disconnect();
      }
    } finally {
      await queue.stop(1000);
    }
  });

  it('reports itself down, not hanging, when Redis cannot be reached', async () => {
    const queue = createBullMQJobQueue({
      connection: { host: '127.0.0.1', port: 1, maxRetriesPerRequest: 0, retryStrategy: () => null },
      prefix,
      queue: 'down',
    });
    try {
      const health = await Promise.race([
        queue.health(),
        new Promise<{ status: string }>((done) => setTimeout(() => done({ status: 'timeout' }), 5000)),
      ]);
      expect(health.status).toBe('down');
      const job = defineJob({ name: 'down.job', schema: z.object({}), handler: async () => {} });
      const started = Date.now();
      const refused = await queue.enqueue(job, {}).catch((error: unknown) => error);
      expect(isSDKError(refused, 'SERVICE_UNAVAILABLE')).toBe(true);
      expect((refused as Error).message).not.toContain('127.0.0.1');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await queue.stop(500).catch(() => {});
    }
  });

  it('runs retries on the kit’s backoff schedule', async () => {
    const runs: number[] = [];
    const queue = createBullMQJobQueue({ connection: REDIS_URL, prefix, queue: 'backoff' });
    const job = defineJob({
      name: 'backoff.job',
      schema: z.object({}),
      attempts: 3,
      backoffMs: 150,
      handler: async () => {
        runs.push(Date.now());
        throw new Error('again');
      },
    });
    queue.register(job);
    await queue.startWorker();
    try {
      const { id } = await queue.enqueue(job, {});
      await until(async () => (await queue.getJob(id))?.state === 'dead', 10_000, 'the job to die');
      expect(runs).toHaveLength(3);
      // 150 ms then 300 ms, minus at most 20 % jitter.
      expect((runs[1] ?? 0) - (runs[0] ?? 0)).toBeGreaterThanOrEqual(115);
      expect((runs[2] ?? 0) - (runs[1] ?? 0)).toBeGreaterThanOrEqual(235);
    } finally {
      await queue.stop(1000);
    }
  });
});
