// The Postgres-table queue on the machine's PostgreSQL (a scratch database per file): the conformance suite with a
// separate connection pool per queue instance (real concurrency between workers) and a worker process that is
// SIGKILLed mid-job.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPostgresJsDatabase } from '../db/drivers/postgres-js/driver.ts';
import type { Database } from '../db/types.ts';
import { createTestDatabase, type TestDatabase } from '../testing/database.ts';
import { defineJob } from './define.ts';
import { testJobQueue, until } from './job-queue.test-suite.ts';
import { createPostgresJobQueue, JOBS_CHANNEL } from './postgres-queue.ts';

testJobQueue(
  'Postgres table on PostgreSQL',
  async () => {
    const db = await createTestDatabase({ db: 'postgres' });
    const url = db.url as string;
    const pools: Database[] = [];
    return {
      async create(queue, options) {
        // Each instance on its own pool, as two app nodes would be.
        const pool = await createPostgresJsDatabase({ url, poolSize: 4 });
        pools.push(pool);
        return createPostgresJobQueue(pool, { queue, leaseMs: options?.leaseMs });
      },
      workerProcessEnv: (queue, leaseMs) => ({
        JOBS_TEST_BACKEND: 'postgres',
        JOBS_TEST_URL: url,
        JOBS_TEST_QUEUE: queue,
        JOBS_TEST_LEASE_MS: String(leaseMs),
      }),
      async close() {
        await Promise.all(pools.map((pool) => pool.close()));
        await db.close();
      },
    };
  },
  { crossProcess: true },
);

describe('Postgres table queue on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ db: 'postgres' });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('enqueues atomically with the caller’s transaction: a rollback leaves no job and wakes no worker', async () => {
    const job = defineJob({ name: 'tx.job', schema: z.object({}), handler: async () => {} });
    const queue = createPostgresJobQueue(db, { queue: 'tx' });
    const notes: string[] = [];
    const unlisten = await db.listen(JOBS_CHANNEL, (payload) => void notes.push(payload));
    try {
      await db
        .transaction(async () => {
          await queue.enqueue(job, {});
          throw new Error('roll back');
        })
        .catch(() => {});
      await new Promise((done) => setTimeout(done, 100));
      expect(await queue.stats()).toMatchObject({ waiting: 0 });
      expect(notes).toEqual([]);
      await db.transaction(async () => {
        await queue.enqueue(job, {});
      });
      await until(() => notes.includes('tx'), 5000, 'the NOTIFY of the committed enqueue');
      expect(await queue.stats()).toMatchObject({ waiting: 1 });
    } finally {
      await unlisten();
      await queue.stop(1000);
    }
  });

  it('claims with SKIP LOCKED: a row locked by another transaction is skipped, not waited for', async () => {
    const handled: string[] = [];
    const job = defineJob({
      name: 'lock.job',
      schema: z.object({ v: z.string() }),
      handler: async ({ v }) => void handled.push(v),
    });
    const producer = createPostgresJobQueue(db, { queue: 'locks' });
    const [locked, free] = await producer.enqueueMany(job, [{ payload: { v: 'locked' } }, { payload: { v: 'free' } }]);
    const other = await createPostgresJsDatabase({ url: db.url as string, poolSize: 1 });
    let releaseLock = (): void => {};
    const held = new Promise<void>((done) => (releaseLock = done));
    let lockTaken = (): void => {};
    const taken = new Promise<void>((done) => (lockTaken = done));
    const holder = other.transaction(async (tx) => {
      await tx.execute(sql`select id from sv_sdk.jobs where id = ${locked?.id}::uuid for update`);
      lockTaken();
      await held;
    });
    await taken;
    const worker = createPostgresJobQueue(db, { queue: 'locks' });
    worker.register(job);
    await worker.startWorker();
    try {
      await until(() => handled.includes('free'), 5000, 'the unlocked job');
      expect(handled).toEqual(['free']);
      releaseLock();
      await holder;
      await until(() => handled.length === 2, 10_000, 'the job once its lock is released');
      expect(free?.deduplicated).toBe(false);
    } finally {
      releaseLock();
      await worker.stop(1000);
      await other.close();
    }
  });
});
