// The Postgres-table queue on PGlite: the conformance suite, plus the lease reaper (PGlite cannot be shared with a
// second process, so a dead worker is simulated by a row it left active).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase } from '../testing/database.ts';
import { defineJob } from './define.ts';
import { testJobQueue, until } from './job-queue.test-suite.ts';
import { createPostgresJobQueue } from './postgres-queue.ts';

testJobQueue(
  'Postgres table on PGlite',
  async () => {
    const db = await createTestDatabase({ db: 'pglite' });
    return {
      create: async (queue, options) => createPostgresJobQueue(db, { queue, leaseMs: options?.leaseMs }),
      close: () => db.close(),
    };
  },
  { crossProcess: false },
);

describe('Postgres table queue on PGlite: lease reaper', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ db: 'pglite' });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('returns the job of a worker whose lease expired to waiting and runs it; dead on its last attempt', async () => {
    const handled: string[] = [];
    const job = defineJob({
      name: 'reaper.job',
      schema: z.object({ v: z.string() }),
      attempts: 3,
      handler: async ({ v }) => void handled.push(v),
    });
    // What a killed worker leaves behind: rows claimed (active, attempts counted) whose lease ran out.
    await db.query(sql`
      insert into sv_sdk.jobs (id, queue, name, payload, status, attempts, max_attempts, locked_by, locked_until)
      values (gen_random_uuid(), 'reaper', 'reaper.job', '{"v":"stranded"}', 'active', 1, 3, 'dead-worker', now() - interval '1 second'),
             (gen_random_uuid(), 'reaper', 'reaper.job', '{"v":"last-attempt"}', 'active', 3, 3, 'dead-worker', now() - interval '1 second'),
             (gen_random_uuid(), 'reaper', 'reaper.job', '{"v":"still-leased"}', 'active', 1, 3, 'live-worker', now() + interval '1 hour')`);
    const queue = createPostgresJobQueue(db, { queue: 'reaper', leaseMs: 400 });
    queue.register(job);
    await queue.startWorker();
    try {
      await until(() => handled.length === 1, 10_000, 'the stranded job to run');
      expect(handled).toEqual(['stranded']);
      const rows = await db.query<{ v: string; status: string; attempts: number; last_error: string | null }>(
        sql`select payload->>'v' as v, status, attempts, last_error from sv_sdk.jobs where queue = 'reaper' order by v`,
      );
      expect(rows).toEqual([
        {
          v: 'last-attempt',
          status: 'dead',
          attempts: 3,
          last_error: expect.stringMatching(/lease expired during attempt 3/),
        },
        { v: 'still-leased', status: 'active', attempts: 1, last_error: null },
      ]);
    } finally {
      await queue.stop(1000);
    }
  });

  it('renews the lease of a long job so the reaper leaves it alone', async () => {
    let finished = 0;
    const job = defineJob({
      name: 'reaper.long',
      schema: z.object({}),
      handler: async () => {
        await new Promise((done) => setTimeout(done, 1200));
        finished++;
      },
    });
    const queue = createPostgresJobQueue(db, { queue: 'renew', leaseMs: 300, reapIntervalMs: 50 });
    queue.register(job);
    await queue.startWorker();
    try {
      await queue.enqueue(job, {});
      await until(() => finished === 1, 10_000, 'the long job to finish');
      await new Promise((done) => setTimeout(done, 200));
      // Ran once: four lease lengths long, never reaped nor run twice.
      expect(finished).toBe(1);
      expect(await queue.stats()).toMatchObject({ active: 0, waiting: 0, dead: 0 });
    } finally {
      await queue.stop(1000);
    }
  });
});
