// The transactional outbox in front of BullMQ, on a redis-server of this file's own (killed and started again) and
// the test database (PGlite, or PostgreSQL with SV_SDK_TEST_DB=postgres).
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase } from '../testing/database.ts';
import { startOwnRedisServer, type OwnRedisServer } from '../testing/redis-server.ts';
import { createBullMQJobQueue } from './bullmq-queue.ts';
import { defineJob } from './define.ts';
import { until } from './job-queue.test-suite.ts';
import { OutboxJobQueue, relayedJobId } from './outbox.ts';

let db: TestDatabase;
let redis: OwnRedisServer;
const open: OutboxJobQueue[] = [];
let counter = 0;

beforeAll(async () => {
  [db, redis] = await Promise.all([createTestDatabase(), startOwnRedisServer()]);
});
afterEach(async () => {
  await redis.start();
  await Promise.all(open.splice(0).map((queue) => queue.stop(2000)));
});
afterAll(async () => {
  await redis?.close();
  await db?.close();
});

/** An outbox queue on a queue name of its own, with a fast relay. */
function outboxQueue(): OutboxJobQueue {
  const name = `outbox-${process.pid}-${++counter}`;
  const queue = new OutboxJobQueue(
    createBullMQJobQueue({ connection: redis.url, prefix: 'sv-sdk-test', queue: name, stalledIntervalMs: 500 }),
    db,
    { queue: name, pollIntervalMs: 200, retryIntervalMs: 100 },
  );
  open.push(queue);
  return queue;
}

function recordingJob(name: string) {
  const runs: { n: number; key: string | undefined }[] = [];
  const job = defineJob({
    name,
    schema: z.object({ n: z.number() }),
    handler: async ({ n }, context) => void runs.push({ n, key: context.idempotencyKey }),
  });
  return { job, runs };
}

describe('OutboxJobQueue', () => {
  it('stores a job enqueued in a transaction with it, and hands it to BullMQ only once it committed', async () => {
    const queue = outboxQueue();
    const { job, runs } = recordingJob('outbox.commit');
    queue.register(job);
    await queue.startWorker();
    queue.startRelay();
    let id = '';
    await db.transaction(async () => {
      ({ id } = await queue.enqueue(job, { n: 1 }));
      // Not visible to Redis before the commit.
      expect(await queue.inner.getJob(id)).toBeUndefined();
    });
    await until(() => runs.length === 1, 10_000, 'the committed job to run');
    expect(runs).toEqual([{ n: 1, key: undefined }]);
    expect(id).toMatch(/^outbox-/);
    // The relay deletes its rows when its transaction commits, which may be just after the worker ran the job.
    await until(async () => (await queue.pending()) === 0, 5000, 'the outbox row to be deleted');
  });

  it('drops the job with the change when the transaction rolls back', async () => {
    const queue = outboxQueue();
    const { job, runs } = recordingJob('outbox.rollback');
    queue.register(job);
    await queue.startWorker();
    queue.startRelay();
    await db
      .transaction(async () => {
        await queue.enqueue(job, { n: 1 });
        throw new Error('the change failed');
      })
      .catch(() => {});
    await new Promise((done) => setTimeout(done, 600));
    expect(runs).toEqual([]);
    expect((await queue.stats()).outbox).toBe(0);
  });

  it('takes jobs while Redis is down (in and out of transactions) and runs each once when it is back', async () => {
    const queue = outboxQueue();
    const { job, runs } = recordingJob('outbox.outage');
    queue.register(job);
    await queue.startWorker();
    queue.startRelay();
    await queue.enqueue(job, { n: 0 });
    await until(() => runs.length === 1, 10_000, 'the job before the outage');

    await redis.kill();
    const started = Date.now();
    const plain = await queue.enqueue(job, { n: 1 });
    const keyed = await queue.enqueue(job, { n: 2 }, { idempotencyKey: 'welcome:42' });
    const again = await queue.enqueue(job, { n: 2 }, { idempotencyKey: 'welcome:42' });
    await db.transaction(() => queue.enqueue(job, { n: 3 }));
    // No request waits for Redis: every enqueue went to the outbox at once.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(keyed.deduplicated).toBe(false);
    expect(again).toEqual({ id: keyed.id, deduplicated: true });
    expect(await queue.pending()).toBe(3);
    expect(await queue.getJob(plain.id)).toMatchObject({ state: 'waiting', name: 'outbox.outage' });
    expect((await queue.health()).status).toBe('degraded');

    await redis.start();
    await until(() => runs.length === 4, 15_000, 'the outbox to be handed over and run');
    await new Promise((done) => setTimeout(done, 500));
    expect(runs.map((run) => run.n).sort()).toEqual([0, 1, 2, 3]);
    expect(runs.find((run) => run.n === 2)?.key).toBe('welcome:42');
    expect(await queue.pending()).toBe(0);
    expect((await queue.health()).status).toBe('up');
  });

  it('hands a row over once even when a relay died between adding it and deleting it', async () => {
    const queue = outboxQueue();
    const { job, runs } = recordingJob('outbox.twice');
    queue.register(job);
    await db.transaction(() => queue.enqueue(job, { n: 7 }));
    const [row] = await db.query<{ id: string }>(
      sql`select id::text as id from sv_sdk.outbox where name = 'outbox.twice'`,
    );
    // The first relay added the job, then died before its DELETE committed: the row is still there.
    await queue.inner.addRelayed([
      {
        jobId: relayedJobId(row?.id ?? '', null),
        job: {
          name: 'outbox.twice',
          payload: { n: 7 },
          delayMs: 0,
          idempotencyKey: undefined,
          attempts: 5,
          backoffMs: 1000,
          priority: 0,
        },
      },
    ]);
    expect(await queue.relayNow()).toBe(1);
    await queue.startWorker();
    await until(() => runs.length === 1, 10_000, 'the job to run');
    await new Promise((done) => setTimeout(done, 500));
    expect(runs).toEqual([{ n: 7, key: undefined }]);
  });
});
