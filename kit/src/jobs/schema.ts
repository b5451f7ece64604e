import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Internal tables of the kit itself (jobs, migration records) live in the `sv_sdk` schema. */
export const svSdkSchema = pgSchema('sv_sdk');

export const JOB_STATUSES = ['waiting', 'active', 'completed', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** The durable job table of the embedded/default queue, worked with `FOR UPDATE SKIP LOCKED`. */
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
    index('jobs_claim_idx').on(table.queue, table.priority, table.runAt).where(sql`${table.status} = 'waiting'`),
    index('jobs_locked_idx').on(table.lockedUntil).where(sql`${table.status} = 'active'`),
    uniqueIndex('jobs_idempotency_idx').on(table.queue, table.idempotencyKey).where(sql`${table.idempotencyKey} is not null`),
    index('jobs_finished_idx').on(table.status, table.finishedAt),
  ],
);
