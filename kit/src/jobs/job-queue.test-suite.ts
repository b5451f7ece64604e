// The conformance suite every JobQueue back end passes (PGlite, PostgreSQL, BullMQ): each back end's test file calls
// `testJobQueue` with a factory and then adds its own regression tests.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isSDKError } from '../core/errors.ts';
import { defineJob } from './define.ts';
import { PermanentJobError } from './errors.ts';
import type { JobContext, JobQueue } from './types.ts';

/** Options a test may ask of a queue instance. */
export interface TestQueueOptions {
  /** Short leases make dead workers' jobs come back within a test. */
  leaseMs?: number;
}

/** What a back end's test file supplies. */
export interface JobQueueFactory {
  /** A new queue instance on the shared store, for queue (name) `queue`; several instances share the same jobs. */
  create(queue: string, options?: TestQueueOptions): Promise<JobQueue>;
  /**
   * Environment for `fixtures/hanging-worker.ts` (a worker in another process on the same store). Only for stores
   * other processes can open (not PGlite).
   */
  workerProcessEnv?: (queue: string, leaseMs: number) => Record<string, string>;
  /** Releases the store (drops the database, deletes the Redis keys). */
  close(): Promise<void>;
}

/** The job the hanging worker fixture runs: it prints `started <id>` and never finishes. */
export const HANG_JOB_NAME = 'conformance.hang';
export const HANGING_WORKER = resolve(import.meta.dirname, 'fixtures', 'hanging-worker.ts');

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function until<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Runs the JobQueue conformance tests against one back end.
 * @example testJobQueue('PGlite', async () => ({ create: (queue) => …, close: () => db.close() }), { crossProcess: false });
 */
export function testJobQueue(
  name: string,
  makeFactory: () => Promise<JobQueueFactory>,
  capabilities: { crossProcess: boolean },
): void {
  describe(`JobQueue conformance: ${name}`, () => {
    let factory: JobQueueFactory;
    const open: JobQueue[] = [];
    let queueName = '';

    /** A queue instance on this test's queue name, stopped after the test. */
    async function queue(options?: TestQueueOptions): Promise<JobQueue> {
      const created = await factory.create(queueName, options);
      open.push(created);
      return created;
    }

    beforeAll(async () => {
      factory = await makeFactory();
    });
    afterAll(async () => {
      await factory?.close();
    });
    // Every test gets its own queue name, so a leftover job of one test never runs in another.
    const fresh = () => {
      queueName = `t-${randomBytes(4).toString('hex')}`;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((q) => q.stop(2000)));
    });

    it('runs a typed job with its payload parsed (defaults applied) and a job context', async () => {
      fresh();
      const seen: { payload: { n: number; tag: string }; context: JobContext }[] = [];
      const job = defineJob({
        name: 'conformance.typed',
        schema: z.object({ n: z.number().int(), tag: z.string().default('none') }),
        handler: async (payload, context) => void seen.push({ payload, context }),
      });
      const q = await queue();
      q.register(job);
      await q.startWorker({ concurrency: 2 });
      const { id, deduplicated } = await q.enqueue(job, { n: 41 });
      expect(deduplicated).toBe(false);
      await until(() => seen.length === 1, 10_000, 'the job to run');
      expect(seen[0]?.payload).toEqual({ n: 41, tag: 'none' });
      expect(seen[0]?.context).toMatchObject({ id, name: 'conformance.typed', attempt: 1, maxAttempts: 5 });
      expect(seen[0]?.context.signal.aborted).toBe(false);
      const health = await q.health();
      expect(health.status).toBe('up');
    });

    it('rejects a bad payload with VALIDATION_FAILED before anything is stored', async () => {
      fresh();
      const job = defineJob({
        name: 'conformance.strict',
        schema: z.object({ email: z.email() }),
        handler: async () => {},
      });
      const q = await queue();
      const single = await q.enqueue(job, { email: 'nope' }).catch((error: unknown) => error);
      expect(isSDKError(single, 'VALIDATION_FAILED')).toBe(true);
      const many = await q
        .enqueueMany(job, [{ payload: { email: 'a@example.com' } }, { payload: { email: 'bad' } }])
        .catch((error: unknown) => error);
      expect(isSDKError(many, 'VALIDATION_FAILED')).toBe(true);
      expect(await q.stats()).toMatchObject({ waiting: 0, delayed: 0, active: 0, dead: 0 });
      const badOptions = await q
        .enqueue(job, { email: 'a@example.com' }, { priority: -3 })
        .catch((error: unknown) => error);
      expect(isSDKError(badOptions, 'VALIDATION_FAILED')).toBe(true);
    });

    it('retries with backoff, dead-letters after the last attempt with its error, and retryDead runs it again', async () => {
      fresh();
      const runs: { attempt: number; at: number }[] = [];
      let healed = false;
      const job = defineJob({
        name: 'conformance.flaky',
        schema: z.object({}),
        attempts: 3,
        backoffMs: 40,
        handler: async (_payload, context) => {
          runs.push({ attempt: context.attempt, at: Date.now() });
          if (!healed) throw new Error(`boom on attempt ${context.attempt}`);
        },
      });
      const q = await queue();
      q.register(job);
      await q.startWorker();
      const { id } = await q.enqueue(job, {});
      const dead = await until(
        async () => {
          const info = await q.getJob(id);
          return info?.state === 'dead' ? info : undefined;
        },
        10_000,
        'the job to be dead',
      );
      expect(runs.map((run) => run.attempt)).toEqual([1, 2, 3]);
      // Backoff: 40 ms then 80 ms (minus up to 20 % jitter) between attempts.
      expect((runs[1]?.at ?? 0) - (runs[0]?.at ?? 0)).toBeGreaterThanOrEqual(30);
      expect((runs[2]?.at ?? 0) - (runs[1]?.at ?? 0)).toBeGreaterThanOrEqual(60);
      expect(dead.lastError).toContain('boom on attempt 3');
      expect(dead.attempts).toBe(3);
      expect((await q.stats()).dead).toBe(1);

      healed = true;
      expect(await q.retryDead(id)).toBe(true);
      await until(() => runs.length === 4, 10_000, 'the retried job to run');
      expect(runs[3]?.attempt).toBe(1);
      await until(async () => (await q.stats()).dead === 0, 5000, 'the dead count to drop');
      expect(await q.retryDead(id)).toBe(false);
      expect(await q.retryDead('00000000-0000-4000-8000-000000000000')).toBe(false);
    });

    it('dead-letters at once on PermanentJobError, and a job name no handler is registered for, with a clear error', async () => {
      fresh();
      let runs = 0;
      const permanent = defineJob({
        name: 'conformance.permanent',
        schema: z.object({}),
        attempts: 5,
        handler: async () => {
          runs++;
          throw new PermanentJobError('the record is gone');
        },
      });
      const unregistered = defineJob({
        name: 'conformance.unregistered',
        schema: z.object({}),
        handler: async () => {},
      });
      const q = await queue();
      q.register(permanent);
      await q.startWorker();
      const first = await q.enqueue(permanent, {});
      const second = await q.enqueue(unregistered, {});
      const [a, b] = await until(
        async () => {
          const infos = await Promise.all([q.getJob(first.id), q.getJob(second.id)]);
          return infos.every((info) => info?.state === 'dead') ? infos : undefined;
        },
        10_000,
        'both jobs to be dead',
      );
      expect(runs).toBe(1);
      expect(a?.lastError).toContain('the record is gone');
      expect(b?.lastError).toMatch(/No handler is registered for the job "conformance\.unregistered"/);
      expect(b?.attempts).toBe(1);
    });

    it('deduplicates by idempotency key, within one call and across calls, also after the job completed', async () => {
      fresh();
      const handled: string[] = [];
      const job = defineJob({
        name: 'conformance.keyed',
        schema: z.object({ v: z.string() }),
        handler: async ({ v }) => void handled.push(v),
      });
      const q = await queue();
      q.register(job);
      const one = await q.enqueue(job, { v: 'first' }, { idempotencyKey: 'welcome:42' });
      const again = await q.enqueue(job, { v: 'second' }, { idempotencyKey: 'welcome:42' });
      expect(again).toEqual({ id: one.id, deduplicated: true });
      const batch = await q.enqueueMany(job, [
        { payload: { v: 'b1' }, options: { idempotencyKey: 'k:1' } },
        { payload: { v: 'b2' }, options: { idempotencyKey: 'k:1' } },
        { payload: { v: 'b3' }, options: { idempotencyKey: 'welcome:42' } },
        { payload: { v: 'b4' } },
      ]);
      expect(batch.map((result) => result.deduplicated)).toEqual([false, true, true, false]);
      expect(batch[1]?.id).toBe(batch[0]?.id);
      expect(batch[2]?.id).toBe(one.id);
      await q.startWorker();
      await until(() => handled.length === 3, 10_000, 'three jobs to run');
      expect(handled.sort()).toEqual(['b1', 'b4', 'first']);
      // Completed keyed jobs are kept for the retention: the key still deduplicates.
      await until(async () => (await q.getJob(one.id))?.state === 'completed', 5000, 'the keyed job to be completed');
      expect(await q.enqueue(job, { v: 'late' }, { idempotencyKey: 'welcome:42' })).toEqual({
        id: one.id,
        deduplicated: true,
      });
      await sleep(100);
      expect(handled).toHaveLength(3);
    });

    it('runs a delayed job no earlier than its delay, and promptly after it', async () => {
      fresh();
      const started: number[] = [];
      const job = defineJob({
        name: 'conformance.delayed',
        schema: z.object({}),
        handler: async () => void started.push(Date.now()),
      });
      const q = await queue();
      q.register(job);
      await q.startWorker();
      const enqueuedAt = Date.now();
      await q.enqueue(job, {}, { delayMs: 600 });
      expect(await q.stats()).toMatchObject({ delayed: 1, waiting: 0 });
      await until(() => started.length === 1, 10_000, 'the delayed job to run');
      const waited = (started[0] ?? 0) - enqueuedAt;
      expect(waited).toBeGreaterThanOrEqual(590);
      // Woken by a timer at the due time, not by the slow fallback poll.
      expect(waited).toBeLessThan(2500);
    });

    it('runs lower priority numbers first', async () => {
      fresh();
      const order: string[] = [];
      const job = defineJob({
        name: 'conformance.priority',
        schema: z.object({ label: z.string() }),
        handler: async ({ label }) => void order.push(label),
      });
      const q = await queue();
      q.register(job);
      await q.enqueue(job, { label: 'low' }, { priority: 10 });
      await q.enqueue(job, { label: 'mid' }, { priority: 5 });
      await q.enqueue(job, { label: 'high' }, { priority: 0 });
      await q.enqueue(job, { label: 'mid-2' }, { priority: 5 });
      await q.startWorker({ concurrency: 1 });
      await until(() => order.length === 4, 10_000, 'all four jobs');
      expect(order).toEqual(['high', 'mid', 'mid-2', 'low']);
    });

    it('stop() waits for in-flight jobs to finish, then refuses new jobs', async () => {
      fresh();
      const started: string[] = [];
      const finished: string[] = [];
      const job = defineJob({
        name: 'conformance.slow',
        schema: z.object({ i: z.number() }),
        handler: async ({ i }) => {
          started.push(String(i));
          await sleep(300);
          finished.push(String(i));
        },
      });
      const q = await queue();
      q.register(job);
      await q.startWorker({ concurrency: 3 });
      await q.enqueueMany(
        job,
        [0, 1, 2].map((i) => ({ payload: { i } })),
      );
      await until(() => started.length === 3, 10_000, 'three jobs to start');
      await q.stop(5000);
      expect(finished.sort()).toEqual(['0', '1', '2']);
      const refused = await q.enqueue(job, { i: 9 }).catch((error: unknown) => error);
      expect(isSDKError(refused, 'SHUTTING_DOWN')).toBe(true);
      const observer = await queue();
      await until(
        async () => {
          const stats = await observer.stats();
          return stats.active === 0 && stats.waiting === 0;
        },
        5000,
        'the finished jobs to be recorded',
      );
    });

    it('stop() at the deadline aborts the signal and returns unfinished jobs to waiting for another worker', async () => {
      fresh();
      let aborted = false;
      let stubbornStarted = false;
      const stubborn = defineJob({
        name: 'conformance.stubborn',
        schema: z.object({}),
        handler: async (_payload, context) => {
          stubbornStarted = true;
          context.signal.addEventListener('abort', () => {
            aborted = true;
          });
          // Ignores the signal on purpose: the worker must not wait for it past the deadline.
          await new Promise(() => {});
        },
      });
      const first = await queue();
      first.register(stubborn);
      await first.startWorker();
      const { id } = await first.enqueue(stubborn, {});
      await until(() => stubbornStarted, 10_000, 'the job to start');
      const stopStarted = Date.now();
      await first.stop(300);
      expect(Date.now() - stopStarted).toBeLessThan(3000);
      expect(aborted).toBe(true);
      expect((await (await queue()).getJob(id))?.state).toBe('waiting');

      let rerun = 0;
      const second = await queue();
      second.register(
        defineJob({ name: 'conformance.stubborn', schema: z.object({}), handler: async () => void rerun++ }),
      );
      await second.startWorker();
      await until(() => rerun === 1, 10_000, 'another worker to run the returned job');
    });

    it('hands each job to exactly one of two workers (no double claims)', async () => {
      fresh();
      const total = 300;
      const counts = new Map<number, number>();
      const byWorker = [0, 0];
      const make = (worker: 0 | 1) =>
        defineJob({
          name: 'conformance.shared',
          schema: z.object({ i: z.number() }),
          handler: async ({ i }) => {
            counts.set(i, (counts.get(i) ?? 0) + 1);
            byWorker[worker] = (byWorker[worker] ?? 0) + 1;
            await sleep(Math.random() * 3);
          },
        });
      const [a, b] = [await queue(), await queue()];
      a.register(make(0));
      b.register(make(1));
      await Promise.all([a.startWorker({ concurrency: 8 }), b.startWorker({ concurrency: 8 })]);
      await a.enqueueMany(
        make(0),
        Array.from({ length: total }, (_, i) => ({ payload: { i } })),
      );
      await until(() => [...counts.values()].reduce((sum, n) => sum + n, 0) >= total, 20_000, 'all jobs to run');
      await sleep(200);
      expect(counts.size).toBe(total);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(byWorker[0]).toBeGreaterThan(0);
      expect(byWorker[1]).toBeGreaterThan(0);
    });

    // PGlite cannot be opened by two processes; its test file checks the lease reaper in process instead.
    if (capabilities.crossProcess)
      it('never loses a job when the worker process is killed mid-job', async () => {
        const processEnv = factory.workerProcessEnv;
        if (!processEnv) throw new Error('a cross-process factory must give workerProcessEnv');
        fresh();
        const leaseMs = 1000;
        const producer = await queue({ leaseMs });
        const hang = defineJob({ name: HANG_JOB_NAME, schema: z.object({ n: z.number() }), handler: async () => {} });
        const { id } = await producer.enqueue(hang, { n: 7 });

        const child = spawn(process.execPath, [HANGING_WORKER], {
          env: { ...process.env, ...processEnv(queueName, leaseMs) },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        try {
          await until(
            () => output.includes(`started ${id}`),
            20_000,
            `the child worker to start the job (output: ${output})`,
          );
          expect((await producer.getJob(id))?.state).toBe('active');
        } finally {
          child.kill('SIGKILL');
        }
        await new Promise((done) =>
          child.exitCode !== null || child.signalCode !== null ? done(undefined) : child.once('exit', done),
        );

        const handled: number[] = [];
        const rescuer = await queue({ leaseMs });
        rescuer.register(
          defineJob({
            name: HANG_JOB_NAME,
            schema: z.object({ n: z.number() }),
            handler: async ({ n }) => void handled.push(n),
          }),
        );
        await rescuer.startWorker();
        await until(() => handled.length === 1, 20_000, 'another worker to finish the job of the killed one');
        await sleep(300);
        expect(handled).toEqual([7]);
        expect(await rescuer.stats()).toMatchObject({ active: 0, waiting: 0, dead: 0 });
      });

    // One policy on every back end: a run whose worker died counts as an attempt, and the job is retried up to its
    // attempts (BullMQ's own default dead-lettered a job after its second stall, whatever its attempts).
    if (capabilities.crossProcess)
      it('retries a job whose worker was killed twice while it has attempts left, and dead-letters it when not', async () => {
        const processEnv = factory.workerProcessEnv;
        if (!processEnv) throw new Error('a cross-process factory must give workerProcessEnv');
        fresh();
        const leaseMs = 1000;
        const producer = await queue({ leaseMs });
        const hang = defineJob({ name: HANG_JOB_NAME, schema: z.object({ n: z.number() }), handler: async () => {} });
        const sturdy = await producer.enqueue(hang, { n: 1 }, { attempts: 3 });
        const fragile = await producer.enqueue(hang, { n: 2 }, { attempts: 2 });

        for (let kill = 1; kill <= 2; kill++) {
          const child = spawn(process.execPath, [HANGING_WORKER], {
            env: { ...process.env, ...processEnv(queueName, leaseMs), JOBS_TEST_CONCURRENCY: '2' },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let output = '';
          child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
          try {
            await until(
              () => output.includes(`started ${sturdy.id}`) && output.includes(`started ${fragile.id}`),
              20_000,
              `worker ${kill} to start both jobs (output: ${output})`,
            );
          } finally {
            child.kill('SIGKILL');
          }
          await new Promise((done) =>
            child.exitCode !== null || child.signalCode !== null ? done(undefined) : child.once('exit', done),
          );
        }

        const handled: { n: number; attempt: number }[] = [];
        const rescuer = await queue({ leaseMs });
        rescuer.register(
          defineJob({
            name: HANG_JOB_NAME,
            schema: z.object({ n: z.number() }),
            handler: async ({ n }, job) => void handled.push({ n, attempt: job.attempt }),
          }),
        );
        await rescuer.startWorker({ concurrency: 2 });
        await until(() => handled.length === 1, 20_000, 'the job with an attempt left to run');
        const dead = await until(
          async () => {
            const info = await rescuer.getJob(fragile.id);
            return info?.state === 'dead' ? info : undefined;
          },
          20_000,
          'the job whose two attempts both lost their worker to be dead',
        );
        await sleep(300);
        expect(handled).toEqual([{ n: 1, attempt: 3 }]);
        expect(dead.lastError).toMatch(/worker stopped/);
        expect(await rescuer.stats()).toMatchObject({ active: 0, waiting: 0, dead: 1 });
      });
  });
}
