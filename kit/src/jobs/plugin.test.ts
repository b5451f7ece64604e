// jobsPlugin inside a real SDK: the back end the configuration picks, queued event listeners run through the queue
// (with retries), JOBS_WORKER, health, and shutdown.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SDK } from '../core/sdk.ts';
import { createTestSDK } from '../testing/index.ts';
import { defineJob } from './define.ts';
import { until } from './job-queue.test-suite.ts';
import { EVENT_JOB_NAME } from './plugin.ts';

const REDIS_URL = process.env.SV_SDK_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

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

const cases = [
  { label: 'embedded (Postgres table on PGlite)', kind: 'postgres', config: () => ({}) },
  {
    label: 'REDIS_URL (BullMQ)',
    kind: 'bullmq',
    config: (prefix: string) => ({ REDIS_URL, REDIS_KEY_PREFIX: prefix }),
  },
] as const;

for (const testCase of cases) {
  describe(`jobsPlugin: ${testCase.label}`, () => {
    const prefix = `sv-sdk-test-${randomBytes(4).toString('hex')}`;
    // Each test closes its SDK: with BullMQ they share one Redis queue, and a worker left running would take the
    // next test's jobs.
    const sdks: SDK[] = [];
    afterEach(async () => {
      await Promise.all(sdks.splice(0).map((sdk) => sdk.close()));
    });
    afterAll(async () => {
      if (testCase.kind === 'bullmq') await deletePrefix(prefix);
    });

    it('provides the queue the configuration asks for and runs queued event listeners through it, with retries', async () => {
      const sdk = await createTestSDK({ db: 'pglite', config: { ...testCase.config(prefix), JOBS_CONCURRENCY: 2 } });
      sdks.push(sdk);
      expect(sdk.jobs.kind).toBe(testCase.kind);
      const received: { payload: unknown; attempt: number }[] = [];
      let calls = 0;
      sdk.events.on(
        'sdk.stopping',
        async (payload) => {
          calls++;
          // Fails once: the queue must retry the delivery.
          if (calls === 1) throw new Error('listener not ready yet');
          received.push({ payload, attempt: calls });
        },
        { delivery: 'queued', id: 'test.flaky-listener' },
      );
      const result = await sdk.events.emit('sdk.stopping', { reason: 'test' });
      expect(result).toMatchObject({ queued: 1, delivered: 0 });
      await until(() => received.length === 1, 15_000, 'the queued listener to succeed on its retry');
      expect(received[0]).toEqual({ payload: { reason: 'test' }, attempt: 2 });

      const health = await sdk.health();
      expect(health.checks.jobs?.status).toBe('up');

      // App jobs share the queue and its worker.
      const done: number[] = [];
      const job = defineJob({
        name: 'plugin.app-job',
        schema: z.object({ n: z.number() }),
        handler: async ({ n }) => void done.push(n),
      });
      sdk.jobs.register(job);
      await sdk.jobs.enqueueMany(job, [{ payload: { n: 1 } }, { payload: { n: 2 } }]);
      await until(() => done.length === 2, 10_000, 'app jobs to run');
    });

    it('does not run a worker when JOBS_WORKER is off, and leaves the jobs for a worker node', async () => {
      const sdk = await createTestSDK({ db: 'pglite', config: { ...testCase.config(prefix), JOBS_WORKER: false } });
      sdks.push(sdk);
      let ran = false;
      sdk.events.on('sdk.stopping', () => void (ran = true), { delivery: 'queued', id: 'test.idle-listener' });
      await sdk.events.emit('sdk.stopping', { reason: 'no worker here' });
      await new Promise((done) => setTimeout(done, 300));
      expect(ran).toBe(false);
      const stats = await sdk.jobs.stats();
      expect(stats.waiting).toBeGreaterThanOrEqual(1);
    });

    it('stops the worker on close and delivers later queued events in process', async () => {
      const sdk = await createTestSDK({
        db: 'pglite',
        config: { ...testCase.config(prefix), SHUTDOWN_TIMEOUT_MS: 2000 },
      });
      const seen: string[] = [];
      sdk.events.on('sdk.stopping', ({ reason }) => void seen.push(reason), {
        delivery: 'queued',
        id: 'test.on-close',
      });
      await sdk.close('test close');
      // 'sdk.stopping' of close() itself was queued; once the queue stopped, delivery falls back to in-process.
      expect((await sdk.health()).checks.jobs?.status).toBe('down');
      await sdk.events.emit('sdk.stopping', { reason: 'after close' });
      await until(() => seen.includes('after close'), 5000, 'the in-process fallback delivery');
      expect(EVENT_JOB_NAME).toBe('sv-sdk.event');
    });
  });
}
