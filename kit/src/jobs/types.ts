import type { z } from 'zod';
import type { HealthCheckResult } from '../core/health.ts';

export interface JobContext {
  id: string;
  name: string;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /**
   * The key the job was enqueued with, if any. Jobs run at least once (a worker that dies mid-job, a relay handing a
   * job over twice): a handler with side effects outside the database records the key with its work and skips a key
   * it has seen.
   */
  idempotencyKey?: string | undefined;
  /** Aborted when the worker shuts down; long handlers should stop early and let the job run again. */
  signal: AbortSignal;
}

/**
 * A typed job: its name, the zod schema of its payload and its handler. Make one with `defineJob`.
 * Payloads must be JSON: the queue stores the payload as JSON and the worker parses it with `schema` again.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType, N extends string = string> {
  name: N;
  schema: S;
  handler: (payload: z.output<S>, job: JobContext) => Promise<void>;
  /** @default 5 */
  attempts?: number;
  /** First retry delay; doubles each attempt (exponential backoff). @default 1000 */
  backoffMs?: number;
}

export interface EnqueueOptions {
  /** Run no earlier than this many ms from now. */
  delayMs?: number;
  /** A second enqueue with the same key (while the first is kept) is a no-op. */
  idempotencyKey?: string;
  attempts?: number;
  /** Lower runs first; an integer from 0 to 2,097,151 (BullMQ's range, kept on both back ends). @default 0 */
  priority?: number;
}

export interface EnqueueResult {
  id: string;
  /** True when an existing job with the same idempotency key was found and nothing was added. */
  deduplicated: boolean;
}

export interface QueueStats {
  waiting: number;
  delayed: number;
  active: number;
  completed: number;
  /** Failed for good: the dead-letter state. */
  dead: number;
  /** BullMQ: jobs committed to the outbox and not yet handed to Redis (Redis away, or the relay behind). */
  outbox?: number;
}

export type JobQueueKind = 'postgres' | 'bullmq';

/** Where a job is. `delayed`: waiting for its run time (a delay or a retry backoff). */
export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'dead';

/** One job as `getJob` reports it (admin screens, tests). */
export interface JobInfo {
  id: string;
  name: string;
  state: JobState;
  /** The stored (JSON) payload. */
  payload: unknown;
  /** Runs started so far. */
  attempts: number;
  maxAttempts: number;
  /** The last failure's message (for `dead` jobs: why they died). */
  lastError: string | undefined;
}

/**
 * The job queue service (`sdk.jobs`): a Postgres table worked with SKIP LOCKED by default, BullMQ with REDIS_URL.
 * @example
 * const sendMail = defineJob({ name: 'email.send', schema: z.object({ to: z.email() }), handler: async (p) => … });
 * sdk.jobs.register(sendMail);
 * await sdk.jobs.enqueue(sendMail, { to: 'a@b.c' }, { idempotencyKey: 'welcome:42' });
 */
export interface JobQueue {
  readonly kind: JobQueueKind;
  register<S extends z.ZodType>(definition: JobDefinition<S>): void;
  /** Validates the payload with the job's schema before it is stored. */
  enqueue<S extends z.ZodType>(
    job: JobDefinition<S>,
    payload: z.input<S>,
    options?: EnqueueOptions,
  ): Promise<EnqueueResult>;
  enqueueMany<S extends z.ZodType>(
    job: JobDefinition<S>,
    items: readonly { payload: z.input<S>; options?: EnqueueOptions }[],
  ): Promise<EnqueueResult[]>;
  /** Starts working registered jobs in this process. */
  startWorker(options?: { concurrency?: number }): Promise<void>;
  /**
   * Stops taking jobs; waits for in-flight ones up to `timeoutMs`, then aborts their signal and returns them to the
   * queue (their attempt is given back). Closes the queue: later enqueues fail with `SHUTTING_DOWN`. Idempotent.
   */
  stop(timeoutMs?: number): Promise<void>;
  stats(): Promise<QueueStats>;
  /** One job by id; undefined when unknown or already removed (completed jobs without a key are removed at once). */
  getJob(id: string): Promise<JobInfo | undefined>;
  /** Moves a dead job back to waiting with its attempts reset. */
  retryDead(id: string): Promise<boolean>;
  health(): Promise<HealthCheckResult>;
}
