// The transactional outbox in front of BullMQ: a job set off by a database change is stored in the same transaction
// (`sv_sdk.outbox`), and a relay hands it to BullMQ once it committed and Redis answers. A change is never committed
// without its follow-up job, whatever Redis does, and a request never fails because Redis is away.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { isSDKError } from '../core/errors.ts';
import type { HealthCheckResult } from '../core/health.ts';
import { logThrottleOf } from '../core/log-throttle.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import type { Database } from '../db/types.ts';
import { jobIdForKey, keyOfJobId, type BullMQJobQueue } from './bullmq-queue.ts';
import { queueClosedError } from './errors.ts';
import { firstOfEachKey, prepareJob, type PreparedJob } from './registry.ts';
import type { EnqueueOptions, EnqueueResult, JobDefinition, JobInfo, JobQueue, QueueStats } from './types.ts';

export interface OutboxOptions {
  /** Queue name (the `queue` column; the BullMQ queue's name). @default 'default' */
  queue?: string;
  logger?: Logger;
  /** How often the relay looks for rows nobody handed over (Redis was away, a process died). @default 2000 */
  pollIntervalMs?: number;
  /** Delay before the relay tries again after Redis refused a batch. @default 1000 */
  retryIntervalMs?: number;
  /** Rows per hand-over. @default 200 */
  batchSize?: number;
  /** A direct add that takes longer than this goes to the outbox instead. @default 3000 */
  directTimeoutMs?: number;
}

/** The BullMQ job id of an outbox row: the idempotency key's id, or one made from the row id. */
export function relayedJobId(rowId: string, idempotencyKey: string | null | undefined): string {
  return idempotencyKey ? jobIdForKey(idempotencyKey) : `outbox-${rowId}`;
}

interface OutboxRow extends Record<string, unknown> {
  id: string;
  name: string;
  payload: unknown;
  priority: number;
  max_attempts: number;
  backoff_ms: number;
  idempotency_key: string | null;
  /** Milliseconds until `run_at` (0 when due). */
  delay_ms: number;
}

/** The log throttle key of the outbox's "Redis refused" lines (one rule for outage noise: core/log-throttle.ts). */
const UNREACHABLE = 'jobs-outbox';

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The BullMQ queue behind a transactional outbox (what `jobsPlugin` uses with REDIS_URL).
 * - Inside `db.transaction()` an enqueue writes outbox rows in that transaction; after the commit the relay hands them
 *   to BullMQ. A rollback drops them with the change.
 * - Outside a transaction it adds to BullMQ directly; when Redis is away (or slow) the job goes to the outbox, so the
 *   caller still succeeds while the database does.
 * - The relay (started by `startRelay()` on every node) takes rows with `FOR UPDATE SKIP LOCKED`, adds them under a
 *   stable job id and deletes them in the same transaction: at least once, and a second hand-over of the same row
 *   is a no-op while BullMQ keeps the job.
 */
export class OutboxJobQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  readonly #inner: BullMQJobQueue;
  readonly #db: Database;
  readonly #queue: string;
  readonly #logger: Logger;
  readonly #pollIntervalMs: number;
  readonly #retryIntervalMs: number;
  readonly #batchSize: number;
  readonly #directTimeoutMs: number;
  #started = false;
  #closed = false;
  #pumping: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = 0;

  constructor(inner: BullMQJobQueue, db: Database, options: OutboxOptions = {}) {
    this.#inner = inner;
    this.#db = db;
    this.#queue = options.queue ?? 'default';
    this.#logger = options.logger ?? createLogger({ level: 'silent' });
    this.#pollIntervalMs = options.pollIntervalMs ?? 2000;
    this.#retryIntervalMs = options.retryIntervalMs ?? 1000;
    this.#batchSize = options.batchSize ?? 200;
    this.#directTimeoutMs = options.directTimeoutMs ?? 3000;
  }

  /** The BullMQ queue it relays to. */
  get inner(): BullMQJobQueue {
    return this.#inner;
  }

  register<S extends z.ZodType>(definition: JobDefinition<S>): void {
    this.#inner.register(definition);
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
    const prepared = items.map((item) => prepareJob(job, item.payload, item.options));
    if (this.#db.inTransaction()) {
      const results = await this.#store(prepared);
      this.#db.afterCommit(() => this.#kick());
      return results;
    }
    if (this.#inner.reachable) {
      try {
        return await withTimeout(this.#inner.enqueuePrepared(prepared), this.#directTimeoutMs);
      } catch (error) {
        if (isSDKError(error) && error.code !== 'SERVICE_UNAVAILABLE') throw error;
        this.#unreachable(error, 'the job queue (redis) refused a job; it is kept in the outbox');
      }
    }
    const results = await this.#store(prepared);
    this.#kick();
    return results;
  }

  /** Writes outbox rows (in the caller's transaction, if any); a key already waiting in the outbox is a duplicate. */
  async #store(prepared: PreparedJob[]): Promise<EnqueueResult[]> {
    const results: EnqueueResult[] = new Array(prepared.length);
    const { unique, duplicates } = firstOfEachKey(prepared);
    const rows = unique.map(({ index, job }) => ({ index, id: randomUUID(), job }));
    const input = rows.map(({ id, job }) => ({
      id,
      name: job.name,
      payload: job.payload,
      priority: job.priority,
      max_attempts: job.attempts,
      backoff_ms: job.backoffMs,
      delay_ms: job.delayMs,
      idempotency_key: job.idempotencyKey ?? null,
    }));
    const inserted = await this.#db.query<{ id: string }>(sql`
      insert into sv_sdk.outbox (id, queue, name, payload, priority, max_attempts, backoff_ms, run_at, idempotency_key)
      select id, ${this.#queue}::text, name, payload, priority, max_attempts, backoff_ms,
             now() + delay_ms * interval '1 millisecond', idempotency_key
      from json_to_recordset(${JSON.stringify(input)}::json) as x(
        id uuid, name text, payload jsonb, priority int, max_attempts int, backoff_ms int, delay_ms int, idempotency_key text)
      on conflict (queue, idempotency_key) where idempotency_key is not null do nothing
      returning id::text as id`);
    const stored = new Set(inserted.map((row) => row.id));
    for (const { index, id, job } of rows) {
      results[index] = { id: relayedJobId(id, job.idempotencyKey), deduplicated: !stored.has(id) };
    }
    for (const duplicate of duplicates) {
      results[duplicate.index] = { id: (results[duplicate.of] as EnqueueResult).id, deduplicated: true };
    }
    return results;
  }

  /** Starts the relay: rows left by any process are handed over, and new ones as soon as they commit. */
  startRelay(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.#kick();
  }

  /** Hands over what is due now; resolves with the number of rows handed over (tests, `sv-sdk` commands). */
  async relayNow(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.#relayBatch();
      total += moved;
      if (moved < this.#batchSize) return total;
    }
  }

  #kick(): void {
    if (!this.#started || this.#closed) return;
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = this.#pump().finally(() => {
      this.#pumping = undefined;
    });
  }

  async #pump(): Promise<void> {
    do {
      this.#again = false;
      let moved: number;
      try {
        moved = await this.#relayBatch();
      } catch (error) {
        this.#unreachable(error, 'the outbox relay could not hand jobs to the queue; it tries again');
        this.#schedule(this.#retryIntervalMs);
        return;
      }
      if (moved === this.#batchSize) this.#again = true;
    } while (this.#again && !this.#closed);
    this.#schedule(this.#pollIntervalMs);
  }

  #schedule(ms: number): void {
    if (this.#closed) return;
    const at = Date.now() + ms;
    if (this.#timer && this.#timerAt <= at) return;
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#kick();
    }, ms);
    this.#timer.unref();
  }

  async #relayBatch(): Promise<number> {
    // One cheap read when the outbox is empty (the usual case), instead of a transaction every poll.
    const [pending] = await this.#db.query<{ any: boolean }>(
      sql`select exists (select 1 from sv_sdk.outbox where queue = ${this.#queue}) as any`,
    );
    if (!pending?.any) return 0;
    const moved = await this.#db.transaction(async () => {
      const rows = await this.#db.query<OutboxRow>(sql`
        select id::text as id, name, payload, priority, max_attempts, backoff_ms, idempotency_key,
               greatest(0, ceil(extract(epoch from (run_at - now())) * 1000))::int as delay_ms
        from sv_sdk.outbox where queue = ${this.#queue}
        order by created_at, id limit ${this.#batchSize}
        for update skip locked`);
      if (rows.length === 0) return 0;
      await withTimeout(
        this.#inner.addRelayed(
          rows.map((row) => ({
            jobId: relayedJobId(row.id, row.idempotency_key),
            job: {
              name: row.name,
              payload: row.payload,
              delayMs: Number(row.delay_ms),
              idempotencyKey: row.idempotency_key ?? undefined,
              attempts: Number(row.max_attempts),
              backoffMs: Number(row.backoff_ms),
              priority: Number(row.priority),
            },
          })),
        ),
        this.#directTimeoutMs,
      );
      const ids = rows.map((row) => row.id);
      await this.#db.query(sql`delete from sv_sdk.outbox where id = any(${`{${ids.join(',')}}`}::uuid[])`);
      return rows.length;
    });
    if (moved > 0)
      logThrottleOf(this.#logger).recovered(
        UNREACHABLE,
        'the job queue (redis) answers again; the outbox is handed over',
        {
          jobs: moved,
        },
      );
    return moved;
  }

  #unreachable(error: unknown, message: string): void {
    logThrottleOf(this.#logger).log(UNREACHABLE, 'warn', { err: error }, message);
  }

  startWorker(options?: { concurrency?: number }): Promise<void> {
    return this.#inner.startWorker(options);
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // A hand-over in flight finishes (or rolls back: its rows stay for the next process).
    if (this.#pumping) await withTimeout(this.#pumping, Math.min(timeoutMs, 5000)).catch(() => {});
    await this.#inner.stop(timeoutMs);
  }

  /** Rows waiting in the outbox for Redis. */
  async pending(): Promise<number> {
    const [row] = await this.#db.query<{ count: number }>(
      sql`select count(*)::int as count from sv_sdk.outbox where queue = ${this.#queue}`,
    );
    return Number(row?.count ?? 0);
  }

  async stats(): Promise<QueueStats> {
    const [stats, outbox] = await Promise.all([this.#inner.stats(), this.pending()]);
    return { ...stats, outbox };
  }

  async getJob(id: string): Promise<JobInfo | undefined> {
    const found = await this.#inner.getJob(id).catch(() => undefined);
    if (found) return found;
    // Not handed over yet: look in the outbox by the id the enqueue answered.
    let where;
    if (id.startsWith('outbox-')) {
      const rowId = id.slice('outbox-'.length);
      if (!/^[0-9a-f-]{36}$/.test(rowId)) return undefined;
      where = sql`id = ${rowId}::uuid`;
    } else {
      const key = keyOfJobId(id);
      if (key === undefined) return undefined;
      where = sql`idempotency_key = ${key}`;
    }
    const [row] = await this.#db.query<{ name: string; payload: unknown; max_attempts: number }>(
      sql`select name, payload, max_attempts from sv_sdk.outbox where queue = ${this.#queue} and ${where} limit 1`,
    );
    if (!row) return undefined;
    return {
      id,
      name: row.name,
      state: 'waiting',
      payload: row.payload,
      attempts: 0,
      maxAttempts: Number(row.max_attempts),
      lastError: undefined,
    };
  }

  retryDead(id: string): Promise<boolean> {
    return this.#inner.retryDead(id);
  }

  async health(): Promise<HealthCheckResult> {
    const result = await this.#inner.health();
    if (result.status !== 'down') return result;
    // Jobs still commit (to the outbox) while Redis is away: this node can serve, the queue is behind.
    const outbox = await this.pending().catch(() => undefined);
    return {
      ...result,
      status: 'degraded',
      message: 'redis unreachable: new jobs wait in the outbox',
      details: { ...result.details, kind: this.kind, outbox },
    };
  }
}
