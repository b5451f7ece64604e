import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Internal tables of the kit itself (jobs, migration records) live in the `sv_sdk` schema. */
export const svSdkSchema = pgSchema('sv_sdk');

export const JOB_STATUSES = ['waiting', 'active', 'completed', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * The durable job table of the embedded/default queue, worked with `FOR UPDATE SKIP LOCKED` (see postgres-queue.ts).
 * `attempts` counts runs started; `locked_until` is the lease of the worker in `locked_by`. Completed rows without an
 * idempotency key are deleted at once; keyed ones stay `completed` for a retention so their key keeps deduplicating.
 */
export const jobs = svSdkSchema.table(
  'jobs',
  {
    id: uuid('id').primaryKey(),
    queue: text('queue').notNull().default('default'),
    name: text('name').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('waiting'),
    priority: integer('priority').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    backoffMs: integer('backoff_ms').notNull().default(1000),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    /** A claimed job whose lock expired (its worker died) goes back to waiting. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lockedBy: text('locked_by'),
    idempotencyKey: text('idempotency_key'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [
    // Claims: the next due jobs of a queue by priority, then age.
    index('jobs_claim_idx')
      .on(table.queue, table.priority, table.runAt)
      .where(sql`${table.status} = 'waiting'`),
    // The idle worker's "when is the next job due?" (delays, retry backoffs) without scanning the waiting rows.
    index('jobs_due_idx')
      .on(table.queue, table.runAt)
      .where(sql`${table.status} = 'waiting'`),
    // The reaper: expired leases of workers that died.
    index('jobs_locked_idx')
      .on(table.lockedUntil)
      .where(sql`${table.status} = 'active'`),
    // ON CONFLICT target of keyed enqueues.
    uniqueIndex('jobs_idempotency_idx')
      .on(table.queue, table.idempotencyKey)
      .where(sql`${table.idempotencyKey} is not null`),
    // Retention clean-up of completed (keyed) jobs. Partial: rows that never reach `completed` add nothing to it.
    index('jobs_finished_idx')
      .on(table.queue, table.finishedAt)
      .where(sql`${table.status} = 'completed'`),
  ],
);

/**
 * The transactional outbox of the BullMQ back end (see outbox.ts): a job enqueued inside `db.transaction()`, or while
 * Redis cannot take it, is stored here with the change that set it off, and a relay hands it to BullMQ once Redis
 * answers, at least once (the BullMQ job id is the idempotency key or `outbox-<id>`, so a second hand-over is a no-op
 * while the job is kept). The Postgres back end needs none: its jobs table joins the transaction itself.
 */
export const outbox = svSdkSchema.table(
  'outbox',
  {
    id: uuid('id').primaryKey(),
    queue: text('queue').notNull().default('default'),
    name: text('name').notNull(),
    payload: jsonb('payload').notNull(),
    priority: integer('priority').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    backoffMs: integer('backoff_ms').notNull().default(1000),
    /** When the job may run (now + its delay at enqueue); the relay passes what is left of the delay to BullMQ. */
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    idempotencyKey: text('idempotency_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // The relay takes the oldest rows of its queue first.
    index('outbox_relay_idx').on(table.queue, table.createdAt),
    // A key stored twice before the relay runs is one job.
    uniqueIndex('outbox_idempotency_idx')
      .on(table.queue, table.idempotencyKey)
      .where(sql`${table.idempotencyKey} is not null`),
  ],
);
