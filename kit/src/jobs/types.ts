import type { z } from 'zod';
import type { HealthCheckResult } from '../core/health.ts';

export interface JobContext {
  id: string;
  name: string;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the worker shuts down; long handlers should stop early and let the job run again. */
  signal: AbortSignal;
}

/** A typed job: its name, the zod schema of its payload and its handler. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
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
  /** Lower runs first. @default 0 */
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
}

export type JobQueueKind = 'postgres' | 'bullmq';

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
  enqueue<S extends z.ZodType>(job: JobDefinition<S>, payload: z.input<S>, options?: EnqueueOptions): Promise<EnqueueResult>;
  enqueueMany<S extends z.ZodType>(
    job: JobDefinition<S>,
    items: readonly { payload: z.input<S>; options?: EnqueueOptions }[],
  ): Promise<EnqueueResult[]>;
  /** Starts working registered jobs in this process. */
  startWorker(options?: { concurrency?: number }): Promise<void>;
  /** Stops taking jobs; waits for in-flight ones up to `timeoutMs`, then returns the rest to the queue. */
  stop(timeoutMs?: number): Promise<void>;
  stats(): Promise<QueueStats>;
  /** Moves a dead job back to waiting with its attempts reset. */
  retryDead(id: string): Promise<boolean>;
  health(): Promise<HealthCheckResult>;
}
