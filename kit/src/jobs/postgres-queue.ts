import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { HealthCheckResult } from '../core/health.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import type { Database } from '../db/types.ts';
import { errorMessage, isPermanentJobError, queueClosedError } from './errors.ts';
import { createJobContext, firstOfEachKey, JobRegistry, prepareJob, type PreparedJob } from './registry.ts';
import { afterRun } from './state.ts';
import type { EnqueueOptions, EnqueueResult, JobDefinition, JobInfo, JobQueue, JobState, QueueStats } from './types.ts';

/** The NOTIFY channel every Postgres job queue shares; the payload names the queue that has new work. */
export const JOBS_CHANNEL = 'sv_sdk_jobs';

/** Options of the Postgres-table queue. */
export interface PostgresJobQueueOptions {
  /** Name of this queue in the `queue` column; queues with different names never see each other's jobs. @default 'default' */
  queue?: string;
  logger?: Logger;
  /**
   * How long a claimed job stays locked without a renewal. The worker renews every `leaseMs / 3` while the job runs;
   * when a worker dies, its jobs return to waiting once their lease has expired (and the reaper has run).
   * @default 30000
   */
  leaseMs?: number;
  /** How often expired leases are looked for. @default min(leaseMs / 2, 15000) */
  reapIntervalMs?: number;
  /**
   * Fallback poll when no NOTIFY arrives (delayed jobs becoming due are also found by a timer set to the next run
   * time, so this only bounds how long a missed notification can delay a job). @default 5000
   */
  pollIntervalMs?: number;
  /** Most rows claimed in one statement. @default 256 */
  batchSize?: number;
  /**
   * Completed jobs WITH an idempotency key are kept (as `completed`) this long so their key keeps deduplicating,
   * then deleted in batches. Jobs without a key are deleted as soon as they complete. 0 deletes every job at once.
   * @default 86400000 (one day)
   */
  retainCompletedMs?: number;
  /** Concurrency when `startWorker()` is called without one. @default 4 */
  concurrency?: number;
  /** Names this worker in `locked_by`. @default host:pid:random */
  workerId?: string;
}

interface ClaimedRow extends Record<string, unknown> {
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  backoff_ms: number;
  idempotency_key: string | null;
}

interface InFlight {
  id: string;
  abort: (reason: Error) => void;
  done: Promise<void>;
}

const QUEUE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** Rows per INSERT, so one statement's JSON parameter stays a few hundred kB. */
const INSERT_CHUNK = 1000;
/** Rows per completion DELETE/UPDATE and per cleanup statement. */
const FLUSH_CHUNK = 1000;

/**
 * Makes the statement's own (implicit) transaction commit without waiting for the WAL flush. Used for the worker's
 * bookkeeping only (claims, completions, failures, lease renewals, releases), never for enqueues: if the server
 * crashes before the flush, such a change is lost and the job simply runs again (a lost claim leaves it waiting, a
 * lost completion makes it run twice), which at-least-once delivery allows anyway. It saves an fsync per batch.
 * `set_config(…, true)` lasts until the end of the transaction, which for a lone statement is its commit.
 */
const ASYNC_COMMIT = sql`(select set_config('synchronous_commit', 'off', true)) is not null`;

/** A PostgreSQL array literal of uuids: one text parameter whatever the number of ids (uuids need no escaping). */
function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

function positiveInt(name: string, value: number | undefined, fallback: number, min = 1): number {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved < min) {
    throw new TypeError(`[sv-sdk] [jobs] Option \`${name}\` must be an integer >= ${min}.`);
  }
  return resolved;
}

/**
 * The embedded/default job queue: the `sv_sdk.jobs` table worked with `FOR UPDATE SKIP LOCKED`, so any number of
 * workers in any number of processes share it safely. Enqueues are multi-row INSERTs that NOTIFY the workers;
 * workers claim in batches under a renewable lease, complete in batches, and sleep between notifications (a timer
 * set to the next due job and a slow fallback poll cover delays and missed notifications).
 *
 * Completed rows without an idempotency key are DELETEd in the same batched statement that completes them: marking
 * them `completed` first would write every row twice (an UPDATE is a new row version plus index entries on the
 * hottest table, then a DELETE later), doubling WAL and vacuum work for a state nobody reads. Keyed jobs are the
 * exception: their row IS the deduplication record, so they are kept for `retainCompletedMs`.
 */
export class PostgresJobQueue implements JobQueue {
  readonly kind = 'postgres' as const;
  readonly #db: Database;
  readonly #queue: string;
  readonly #logger: Logger;
  readonly #registry = new JobRegistry();
  readonly #leaseMs: number;
  readonly #reapIntervalMs: number;
  readonly #pollIntervalMs: number;
  readonly #batchSize: number;
  readonly #retainCompletedMs: number;
  readonly #defaultConcurrency: number;
  readonly #workerId: string;

  #closed = false;
  #worker: 'off' | 'running' | 'stopping' = 'off';
  #stopping: Promise<void> | undefined;
  #concurrency = 1;
  #loop: Promise<void> | undefined;
  readonly #inFlight = new Map<string, InFlight>();
  /** A NOTIFY (or a local event) arrived since the last claim started: claim again before sleeping. */
  #notified = false;
  /** A retry this worker scheduled while its loop was awake (mid-claim): the next sleep ends by then. */
  #wakeAt: number | undefined;
  #sleep: { resolve: () => void; timer: NodeJS.Timeout; until: number } | undefined;
  #slotFreed: (() => void) | undefined;
  #unlisten: (() => Promise<void>) | undefined;
  #timers: NodeJS.Timeout[] = [];
  #lastCleanup = 0;
  #consecutiveFailures = 0;

  readonly #completed: string[] = [];
  #flushing: Promise<void> | undefined;

  constructor(db: Database, options: PostgresJobQueueOptions = {}) {
    const queue = options.queue ?? 'default';
    if (!QUEUE_NAME.test(queue)) throw new TypeError(`[sv-sdk] [jobs] Invalid queue name ${JSON.stringify(queue)}.`);
    this.#db = db;
    this.#queue = queue;
    this.#logger = options.logger ?? createLogger({ level: 'silent' });
    this.#leaseMs = positiveInt('leaseMs', options.leaseMs, 30_000, 100);
    this.#reapIntervalMs = positiveInt(
      'reapIntervalMs',
      options.reapIntervalMs,
      Math.min(Math.floor(this.#leaseMs / 2), 15_000),
      10,
    );
    this.#pollIntervalMs = positiveInt('pollIntervalMs', options.pollIntervalMs, 5000, 10);
    this.#batchSize = positiveInt('batchSize', options.batchSize, 256);
    this.#retainCompletedMs = positiveInt('retainCompletedMs', options.retainCompletedMs, 86_400_000, 0);
    this.#defaultConcurrency = positiveInt('concurrency', options.concurrency, 4);
    this.#workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  /** The queue's name (the `queue` column). */
  get queueName(): string {
    return this.#queue;
  }

  register<S extends z.ZodType>(definition: JobDefinition<S>): void {
    this.#registry.register(definition);
  }

  async enqueue<S extends z.ZodType>(
    job: JobDefinition<S>,
    payload: z.input<S>,
    options?: EnqueueOptions,
  ): Promise<EnqueueResult> {
    const [result] = await this.enqueueMany(job, [{ payload, options }]);
    return result as EnqueueResult;
  }

  async enqueueMany<S extends z.ZodType>(
    job: JobDefinition<S>,
    items: readonly { payload: z.input<S>; options?: EnqueueOptions }[],
  ): Promise<EnqueueResult[]> {
    if (this.#closed) throw queueClosedError(this.kind);
    // Everything is checked before anything is stored: one bad item rejects the whole call.
    const prepared = items.map((item) => prepareJob(job, item.payload, item.options));
    const results: EnqueueResult[] = new Array(prepared.length);
    // The same key twice in one call: the first item wins, later ones report it as their duplicate.
    const { unique, duplicates } = firstOfEachKey(prepared);
    const toInsert = unique.map(({ index, job: item }) => ({ index, id: randomUUID(), job: item }));
    for (let start = 0; start < toInsert.length; start += INSERT_CHUNK) {
      await this.#insertChunk(toInsert.slice(start, start + INSERT_CHUNK), results);
    }
    for (const duplicate of duplicates) {
      results[duplicate.index] = { id: (results[duplicate.of] as EnqueueResult).id, deduplicated: true };
    }
    return results;
  }

  async #insertChunk(
    chunk: { index: number; id: string; job: PreparedJob }[],
    results: EnqueueResult[],
    round = 0,
  ): Promise<void> {
    const rows = chunk.map(({ id, job }) => ({
      id,
      name: job.name,
      payload: job.payload,
      priority: job.priority,
      max_attempts: job.attempts,
      backoff_ms: job.backoffMs,
      delay_ms: job.delayMs,
      idempotency_key: job.idempotencyKey ?? null,
    }));
    // One JSON parameter for the whole chunk: a constant-size statement that plans once, whatever the row count.
    // The NOTIFY rides in the same statement (and transaction); identical notifications in one transaction are
    // delivered once.
    const inserted = await this.#db.query<{ id: string; notified: unknown }>(sql`
      with input as (
        select * from json_to_recordset(${JSON.stringify(rows)}::json) as x(
          id uuid, name text, payload jsonb, priority int, max_attempts int, backoff_ms int, delay_ms int, idempotency_key text)
      ), inserted as (
        insert into sv_sdk.jobs (id, queue, name, payload, priority, max_attempts, backoff_ms, run_at, idempotency_key)
        select id, ${this.#queue}::text, name, payload, priority, max_attempts, backoff_ms,
               now() + delay_ms * interval '1 millisecond', idempotency_key
        from input
        on conflict (queue, idempotency_key) where idempotency_key is not null do nothing
        returning id
      )
      select id::text as id, pg_notify(${JOBS_CHANNEL}::text, ${this.#queue}::text) as notified from inserted`);
    const insertedIds = new Set(inserted.map((row) => row.id));
    const conflicted: { index: number; id: string; job: PreparedJob }[] = [];
    for (const item of chunk) {
      if (insertedIds.has(item.id)) results[item.index] = { id: item.id, deduplicated: false };
      else conflicted.push(item);
    }
    if (conflicted.length === 0) return;
    const keys = conflicted.map((item) => item.job.idempotencyKey as string);
    const existing = await this.#db.query<{ id: string; key: string }>(sql`
      select id::text as id, idempotency_key as key from sv_sdk.jobs
      where queue = ${this.#queue}::text and idempotency_key in (select json_array_elements_text(${JSON.stringify(keys)}::json))`);
    const idByKey = new Map(existing.map((row) => [row.key, row.id]));
    const vanished: typeof conflicted = [];
    for (const item of conflicted) {
      const id = idByKey.get(item.job.idempotencyKey as string);
      if (id) results[item.index] = { id, deduplicated: true };
      else vanished.push(item);
    }
    // The conflicting row was deleted between the INSERT and the SELECT (its retention ended): insert again.
    if (vanished.length > 0) {
      if (round >= 3)
        throw new Error(
          '[sv-sdk] [jobs] Could not enqueue: idempotency keys kept conflicting with rows being deleted.',
        );
      await this.#insertChunk(vanished, results, round + 1);
    }
  }

  async startWorker(options: { concurrency?: number } = {}): Promise<void> {
    if (this.#closed) throw queueClosedError(this.kind);
    if (this.#worker !== 'off') return;
    this.#concurrency = positiveInt('concurrency', options.concurrency, this.#defaultConcurrency);
    this.#worker = 'running';
    this.#unlisten = await this.#db.listen(JOBS_CHANNEL, (payload) => {
      if (payload === this.#queue) this.#wake();
    });
    const every = (ms: number, task: () => Promise<void>): void => {
      let busy = false;
      const timer = setInterval(() => {
        // A slow database must not pile up overlapping runs of the same task.
        if (busy) return;
        busy = true;
        task()
          .catch((error: unknown) =>
            this.#logger.warn({ err: error, queue: this.#queue }, 'job queue maintenance failed'),
          )
          .finally(() => {
            busy = false;
          });
      }, ms);
      timer.unref();
      this.#timers.push(timer);
    };
    every(Math.max(10, Math.floor(this.#leaseMs / 3)), () => this.#renewLeases());
    every(this.#reapIntervalMs, () => this.#maintain());
    // Jobs stranded by a worker that died while this one was down are recovered at once, not after one interval.
    await this.#maintain().catch((error: unknown) => this.#logger.warn({ err: error }, 'job queue maintenance failed'));
    this.#loop = this.#run();
    this.#logger.debug(
      { queue: this.#queue, concurrency: this.#concurrency, workerId: this.#workerId },
      'job worker started',
    );
  }

  /** Wakes the loop: new work may be there. */
  #wake(): void {
    this.#notified = true;
    const sleep = this.#sleep;
    if (sleep) {
      this.#sleep = undefined;
      clearTimeout(sleep.timer);
      sleep.resolve();
    }
  }

  /** Makes a sleeping loop wake by `inMs` at the latest (a retry scheduled by this worker). */
  #wakeWithin(inMs: number): void {
    const sleep = this.#sleep;
    if (!sleep) {
      // Awake: the loop may be between a claim and the next-due query that ran before this retry was written, and
      // would then sleep a whole poll interval past it.
      this.#wakeAt = Math.min(this.#wakeAt ?? Infinity, Date.now() + Math.max(0, inMs));
      return;
    }
    if (sleep.until <= Date.now() + inMs) return;
    if (inMs <= 0) return this.#wake();
    clearTimeout(sleep.timer);
    sleep.until = Date.now() + inMs;
    sleep.timer = setTimeout(() => this.#wake(), inMs);
  }

  #sleepFor(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const pending = this.#wakeAt === undefined ? Infinity : this.#wakeAt - Date.now();
      this.#wakeAt = undefined;
      const wait = Math.max(0, Math.min(ms, this.#pollIntervalMs, pending));
      this.#sleep = { resolve, timer: setTimeout(() => this.#wake(), wait), until: Date.now() + wait };
    });
  }

  async #run(): Promise<void> {
    while (this.#worker === 'running') {
      const free = this.#concurrency - this.#inFlight.size;
      if (free <= 0) {
        await new Promise<void>((resolve) => {
          this.#slotFreed = resolve;
        });
        continue;
      }
      this.#notified = false;
      const wanted = Math.min(free, this.#batchSize);
      let rows: ClaimedRow[];
      try {
        rows = await this.#claim(wanted);
        this.#consecutiveFailures = 0;
      } catch (error) {
        // The database is down or restarting: back off (up to 30 s) instead of spinning, and never crash.
        this.#consecutiveFailures++;
        this.#logger.error(
          { err: error, queue: this.#queue, failures: this.#consecutiveFailures },
          'claiming jobs failed',
        );
        await this.#sleepFor(Math.min(30_000, 250 * 2 ** Math.min(this.#consecutiveFailures, 7)));
        continue;
      }
      if (this.#worker !== 'running') {
        // Stop began while the claim was on its way: give these back untouched.
        await this.#release(rows.map((row) => row.id)).catch((error: unknown) =>
          this.#logger.error({ err: error }, 'releasing claimed jobs failed'),
        );
        break;
      }
      for (const row of rows) this.#start(row);
      if (rows.length < wanted && !this.#notified) {
        // The queue is drained for now: sleep until a NOTIFY, the next delayed job, or the fallback poll.
        const dueInMs = await this.#nextDueInMs().catch(() => undefined);
        if (this.#notified || this.#worker !== 'running') continue;
        await this.#sleepFor(dueInMs ?? this.#pollIntervalMs);
      }
    }
  }

  #claim(limit: number): Promise<ClaimedRow[]> {
    return this.#db.query<ClaimedRow>(sql`
      with next as (
        select id from sv_sdk.jobs
        where queue = ${this.#queue}::text and status = 'waiting' and run_at <= now() and ${ASYNC_COMMIT}
        order by priority, run_at
        limit ${limit}::int
        for update skip locked
      )
      update sv_sdk.jobs j
      set status = 'active', attempts = j.attempts + 1, locked_by = ${this.#workerId}::text,
          locked_until = now() + ${this.#leaseMs}::int * interval '1 millisecond', updated_at = now()
      from next where j.id = next.id
      returning j.id::text as id, j.name, j.payload, j.attempts, j.max_attempts, j.backoff_ms, j.priority, j.idempotency_key`);
  }

  async #nextDueInMs(): Promise<number | undefined> {
    const [row] = await this.#db.query<{ ms: number | string | null }>(sql`
      select extract(epoch from (min(run_at) - now())) * 1000 as ms
      from sv_sdk.jobs where queue = ${this.#queue}::text and status = 'waiting'`);
    if (!row || row.ms === null) return undefined;
    // A few ms late rather than early: waking before the row is due would just claim nothing.
    return Math.max(0, Math.ceil(Number(row.ms))) + 2;
  }

  #start(row: ClaimedRow): void {
    const running = createJobContext({
      id: row.id,
      name: row.name,
      attempt: Number(row.attempts),
      maxAttempts: Number(row.max_attempts),
      idempotencyKey: row.idempotency_key ?? undefined,
    });
    const context = running.context;
    const entry: InFlight = { id: row.id, abort: running.abort, done: Promise.resolve() };
    this.#inFlight.set(row.id, entry);
    entry.done = (async () => {
      let failure: unknown;
      let failed = false;
      try {
        await this.#registry.run(row.name, row.payload, context);
      } catch (error) {
        failed = true;
        failure = error;
      }
      // Released at shutdown or lease lost: the row is no longer ours, whatever the handler did.
      if (this.#inFlight.get(row.id) !== entry) return;
      this.#inFlight.delete(row.id);
      const freed = this.#slotFreed;
      this.#slotFreed = undefined;
      freed?.();
      if (!failed) {
        this.#complete(row.id);
        return;
      }
      await this.#fail(row, failure).catch((error: unknown) =>
        // The lease will expire and the reaper will run the job again: at least once, never lost.
        this.#logger.error({ err: error, jobId: row.id }, 'recording a job failure failed'),
      );
    })();
  }

  async #fail(row: ClaimedRow, error: unknown): Promise<void> {
    const message = errorMessage(error);
    const next = afterRun(
      {
        attempts: Number(row.attempts),
        maxAttempts: Number(row.max_attempts),
        backoff: { baseMs: Number(row.backoff_ms) },
      },
      { type: 'failed', error: message, permanent: isPermanentJobError(error) },
    );
    if (next.status === 'completed') return;
    const level = next.status === 'dead' ? 'error' : 'warn';
    this.#logger[level](
      { jobId: row.id, job: row.name, attempt: row.attempts, err: error },
      next.status === 'dead' ? 'job failed for good (dead letter)' : 'job failed; will retry',
    );
    const delayMs = next.status === 'waiting' ? next.delayMs : 0;
    await this.#db.query(sql`
      update sv_sdk.jobs
      set status = ${next.status}::text, run_at = now() + ${delayMs}::int * interval '1 millisecond',
          last_error = ${message}::text, locked_by = null, locked_until = null, updated_at = now(),
          finished_at = case when ${next.status}::text = 'dead' then now() else null end
      where id = ${row.id}::uuid and locked_by = ${this.#workerId}::text and status = 'active' and ${ASYNC_COMMIT}`);
    if (next.status === 'waiting') this.#wakeWithin(delayMs + 2);
  }

  /** Queues a completion for the next batched statement. */
  #complete(id: string): void {
    this.#completed.push(id);
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushing) return;
    this.#flushing = new Promise<void>((resolve) => setImmediate(resolve))
      // Every completion of this turn of the event loop joins the same statement.
      .then(() => this.#drainCompleted())
      .finally(() => {
        this.#flushing = undefined;
        if (this.#completed.length > 0) this.#scheduleFlush();
      });
  }

  async #drainCompleted(): Promise<void> {
    while (this.#completed.length > 0) {
      const ids = this.#completed.splice(0, FLUSH_CHUNK);
      try {
        await this.#db.query(this.#completionStatement(ids));
      } catch (error) {
        // Left active: the lease expires and the jobs run again. At least once, never lost.
        this.#logger.error({ err: error, jobs: ids.length }, 'recording completed jobs failed');
      }
    }
  }

  #completionStatement(ids: string[]): SQL {
    const owned = sql`j.id = any(${uuidArray(ids)}::uuid[]) and j.locked_by = ${this.#workerId}::text and j.status = 'active' and ${ASYNC_COMMIT}`;
    if (this.#retainCompletedMs === 0) return sql`delete from sv_sdk.jobs j where ${owned}`;
    return sql`
      with removed as (
        delete from sv_sdk.jobs j where ${owned} and j.idempotency_key is null returning 1
      ), kept as (
        update sv_sdk.jobs j
        set status = 'completed', finished_at = now(), updated_at = now(), locked_by = null, locked_until = null
        where ${owned} and j.idempotency_key is not null returning 1
      )
      select (select count(*) from removed) as removed, (select count(*) from kept) as kept`;
  }

  async #flushCompleted(): Promise<void> {
    while (this.#flushing || this.#completed.length > 0) {
      await (this.#flushing ?? this.#drainCompleted());
    }
  }

  async #renewLeases(): Promise<void> {
    const ids = [...this.#inFlight.keys()];
    if (ids.length === 0) return;
    const renewed = await this.#db.query<{ id: string }>(sql`
      update sv_sdk.jobs
      set locked_until = now() + ${this.#leaseMs}::int * interval '1 millisecond'
      where id = any(${uuidArray(ids)}::uuid[]) and locked_by = ${this.#workerId}::text and status = 'active' and ${ASYNC_COMMIT}
      returning id::text as id`);
    if (renewed.length === ids.length) return;
    const kept = new Set(renewed.map((row) => row.id));
    for (const id of ids) {
      const entry = this.#inFlight.get(id);
      if (kept.has(id) || !entry) continue;
      // Someone reaped the job (this process stalled past its lease): it may be running elsewhere already.
      this.#inFlight.delete(id);
      entry.abort(new Error('job lease lost: the job was handed to another worker'));
      this.#logger.warn({ jobId: id }, 'job lease lost; the handler was aborted');
    }
    const freed = this.#slotFreed;
    this.#slotFreed = undefined;
    freed?.();
  }

  /** Returns expired leases to waiting (or dead on their last attempt) and deletes completed rows past retention. */
  async #maintain(): Promise<void> {
    const reaped = await this.#db.query<{ status: string }>(sql`
      with expired as (
        select id from sv_sdk.jobs
        where queue = ${this.#queue}::text and status = 'active' and locked_until < now() and ${ASYNC_COMMIT}
        order by locked_until
        limit ${FLUSH_CHUNK}::int
        for update skip locked
      )
      update sv_sdk.jobs j
      set status = case when j.attempts >= j.max_attempts then 'dead' else 'waiting' end,
          finished_at = case when j.attempts >= j.max_attempts then now() else null end,
          last_error = 'lease expired during attempt ' || j.attempts || ': the worker stopped (killed or hung) before finishing the job',
          run_at = now(), locked_by = null, locked_until = null, updated_at = now()
      from expired where j.id = expired.id
      returning j.status`);
    if (reaped.length > 0) {
      this.#logger.warn(
        { queue: this.#queue, jobs: reaped.length },
        'returned jobs whose worker stopped (lease expired)',
      );
      if (reaped.some((row) => row.status === 'waiting')) await this.#db.notify(JOBS_CHANNEL, this.#queue);
    }
    if (this.#retainCompletedMs > 0 && Date.now() - this.#lastCleanup >= Math.min(60_000, this.#retainCompletedMs)) {
      this.#lastCleanup = Date.now();
      await this.#db.query(sql`
        delete from sv_sdk.jobs where id in (
          select id from sv_sdk.jobs
          where queue = ${this.#queue}::text and status = 'completed'
            and finished_at < now() - ${this.#retainCompletedMs}::bigint * interval '1 millisecond'
          limit ${FLUSH_CHUNK * 10}::int
          for update skip locked)`);
    }
  }

  /** Gives claimed jobs back (attempt returned, runnable at once) and wakes the other workers. */
  async #release(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.#db.query(sql`
      update sv_sdk.jobs
      set status = 'waiting', attempts = greatest(attempts - 1, 0), run_at = now(),
          locked_by = null, locked_until = null, updated_at = now()
      where id = any(${uuidArray(ids)}::uuid[]) and locked_by = ${this.#workerId}::text and status = 'active' and ${ASYNC_COMMIT}`);
    await this.#db.notify(JOBS_CHANNEL, this.#queue);
  }

  stop(timeoutMs = 10_000): Promise<void> {
    this.#stopping ??= this.#stop(timeoutMs);
    return this.#stopping;
  }

  async #stop(timeoutMs: number): Promise<void> {
    this.#closed = true;
    if (this.#worker === 'off') return;
    const deadline = Date.now() + timeoutMs;
    this.#worker = 'stopping';
    this.#wake();
    const freed = this.#slotFreed;
    this.#slotFreed = undefined;
    freed?.();
    // The loop ends after its current statement; a database that stopped answering must not hold stop() forever.
    let loopTimer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.#loop,
      new Promise<void>((resolve) => (loopTimer = setTimeout(resolve, Math.max(0, deadline - Date.now())))),
    ]);
    clearTimeout(loopTimer);
    const pending = [...this.#inFlight.values()];
    if (pending.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled(pending.map((entry) => entry.done)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        }),
      ]);
      clearTimeout(timer);
    }
    const unfinished = [...this.#inFlight.values()];
    this.#inFlight.clear();
    for (const entry of unfinished) entry.abort(new Error('the worker is shutting down'));
    if (unfinished.length > 0) {
      this.#logger.warn(
        { jobs: unfinished.length },
        'jobs still running at the shutdown deadline were returned to the queue',
      );
      await this.#release(unfinished.map((entry) => entry.id)).catch((error: unknown) =>
        this.#logger.error({ err: error }, 'returning unfinished jobs failed; they return when their lease expires'),
      );
    }
    await this.#flushCompleted();
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    await this.#unlisten?.().catch(() => {});
    this.#unlisten = undefined;
    this.#worker = 'off';
    this.#logger.debug({ queue: this.#queue }, 'job worker stopped');
  }

  async stats(): Promise<QueueStats> {
    const [row] = await this.#db.query<Record<keyof QueueStats, number | string>>(sql`
      select
        count(*) filter (where status = 'waiting' and run_at <= now()) as waiting,
        count(*) filter (where status = 'waiting' and run_at > now()) as delayed,
        count(*) filter (where status = 'active') as active,
        count(*) filter (where status = 'completed') as completed,
        count(*) filter (where status = 'dead') as dead
      from sv_sdk.jobs where queue = ${this.#queue}::text`);
    return {
      waiting: Number(row?.waiting ?? 0),
      delayed: Number(row?.delayed ?? 0),
      active: Number(row?.active ?? 0),
      completed: Number(row?.completed ?? 0),
      dead: Number(row?.dead ?? 0),
    };
  }

  async getJob(id: string): Promise<JobInfo | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [row] = await this.#db.query<{
      id: string;
      name: string;
      state: JobState;
      payload: unknown;
      attempts: number;
      max_attempts: number;
      last_error: string | null;
    }>(sql`
      select id::text as id, name, payload, attempts, max_attempts, last_error,
             case when status = 'waiting' and run_at > now() then 'delayed' else status end as state
      from sv_sdk.jobs where id = ${id}::uuid and queue = ${this.#queue}::text`);
    if (!row) return undefined;
    return {
      id: row.id,
      name: row.name,
      state: row.state,
      payload: row.payload,
      attempts: Number(row.attempts),
      maxAttempts: Number(row.max_attempts),
      lastError: row.last_error ?? undefined,
    };
  }

  async retryDead(id: string): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
    const rows = await this.#db.query(sql`
      update sv_sdk.jobs
      set status = 'waiting', attempts = 0, run_at = now(), finished_at = null, updated_at = now()
      where id = ${id}::uuid and queue = ${this.#queue}::text and status = 'dead'
      returning id`);
    if (rows.length === 0) return false;
    await this.#db.notify(JOBS_CHANNEL, this.#queue);
    return true;
  }

  async health(): Promise<HealthCheckResult> {
    const started = performance.now();
    try {
      // Cheap: proves the table is there and answers, without counting rows.
      await this.#db.query(sql`select 1 from sv_sdk.jobs limit 1`);
    } catch {
      return { status: 'down', message: 'job table unreachable', latencyMs: Math.round(performance.now() - started) };
    }
    const details = { kind: this.kind, queue: this.#queue, worker: this.#worker, inFlight: this.#inFlight.size };
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    if (this.#consecutiveFailures > 0)
      return { status: 'degraded', message: 'the worker cannot claim jobs', latencyMs, details };
    return { status: 'up', latencyMs, details };
  }
}

/**
 * Creates the Postgres-table job queue on a `Database` (PGlite or PostgreSQL).
 * @example
 * const jobs = createPostgresJobQueue(db, { logger });
 * jobs.register(sendWelcome);
 * await jobs.startWorker({ concurrency: 4 });
 */
export function createPostgresJobQueue(db: Database, options: PostgresJobQueueOptions = {}): PostgresJobQueue {
  return new PostgresJobQueue(db, options);
}
