import { z } from 'zod';
import type { HealthCheckResult } from '../core/health.ts';
import type { PluginContext, ServerPlugin } from '../core/plugin.ts';
import { defineJob } from './define.ts';
import { createPostgresJobQueue } from './postgres-queue.ts';
import type { OutboxJobQueue } from './outbox.ts';
import type { JobQueue } from './types.ts';

export interface JobsPluginOptions {
  /** A queue to use instead of the one the configuration asks for (tests). The plugin stops it on stop. */
  queue?: JobQueue | ((ctx: PluginContext) => JobQueue);
  /** Name of the queue (Postgres `queue` column, BullMQ queue name). @default 'default' */
  queueName?: string;
  /** How long a running job's lock lasts without renewal; a dead worker's jobs return after it. @default 30000 */
  leaseMs?: number;
  /** Postgres back end: fallback poll when no NOTIFY arrives. @default 5000 */
  pollIntervalMs?: number;
  /** BullMQ back end: how often stalled jobs (dead workers) are looked for. @default 30000 */
  stalledIntervalMs?: number;
  /** BullMQ back end: how often the outbox relay looks for jobs nobody handed over. @default 2000 */
  outboxPollIntervalMs?: number;
  /** Queued event deliveries: runs in all before a delivery is dead-lettered. @default 8 */
  eventAttempts?: number;
}

/** The internal job that runs queued event listeners (`{ delivery: 'queued' }`). */
export const EVENT_JOB_NAME = 'sv-sdk.event';

const queuedDeliverySchema = z.object({
  event: z.string().min(1),
  listenerId: z.string().min(1),
  payload: z.unknown(),
  // `id` is absent in deliveries queued before it existed.
  meta: z.object({
    event: z.string(),
    id: z.string().default(''),
    emittedAt: z.string(),
    request: z
      .object({
        requestId: z.string().max(128),
        userId: z.string().max(255).optional(),
        clientIp: z.string().max(64).optional(),
        userAgent: z.string().max(512).optional(),
      })
      .optional(),
  }),
});

/** Share of SHUTDOWN_TIMEOUT_MS the worker may spend draining; the rest is left to return jobs and close pools. */
const DRAIN_SHARE = 0.8;

/**
 * The `jobs` foundation plugin: the Postgres-table queue on the `db` service, or BullMQ when `REDIS_URL` is set
 * (keys under `<REDIS_KEY_PREFIX>:jobs`). Provides the `jobs` service, runs queued event listeners through the
 * internal `sv-sdk.event` job (so they survive restarts and are retried), starts the worker when `JOBS_WORKER`
 * (with `JOBS_CONCURRENCY`), and drains it within `SHUTDOWN_TIMEOUT_MS` on stop.
 * @example await createSDK({ plugins: [jobsPlugin({ leaseMs: 60_000 })] });
 */
export function jobsPlugin(options: JobsPluginOptions = {}): ServerPlugin {
  let queue: JobQueue | undefined;
  /** The BullMQ queue's outbox (REDIS_URL): its relay starts with the plugin. */
  let relay: OutboxJobQueue | undefined;
  let context: PluginContext | undefined;

  return {
    name: 'jobs',
    dependsOn: ['db'],
    async setup(ctx) {
      context = ctx;
      const { config } = ctx;
      const given = options.queue;
      if (typeof given === 'function') queue = given(ctx);
      else if (given) queue = given;
      else if (config.REDIS_URL) {
        // BullMQ (and its ioredis) is loaded only when REDIS_URL asks for it: ~0.5 s less start-up on the embedded
        // default. It sits behind the transactional outbox, whose relay starts with the plugin.
        const [bullmq, outbox] = await Promise.all([import('./bullmq-queue.ts'), import('./outbox.ts')]);
        relay = new outbox.OutboxJobQueue(
          bullmq.createBullMQJobQueue({
            connection: config.REDIS_URL,
            prefix: config.REDIS_KEY_PREFIX,
            queue: options.queueName,
            logger: ctx.logger,
            leaseMs: options.leaseMs,
            stalledIntervalMs: options.stalledIntervalMs,
            concurrency: config.JOBS_CONCURRENCY,
          }),
          ctx.use('db'),
          { queue: options.queueName, logger: ctx.logger, pollIntervalMs: options.outboxPollIntervalMs },
        );
        queue = relay;
      } else {
        queue = createPostgresJobQueue(ctx.use('db'), {
          queue: options.queueName,
          logger: ctx.logger,
          leaseMs: options.leaseMs,
          pollIntervalMs: options.pollIntervalMs,
          concurrency: config.JOBS_CONCURRENCY,
        });
      }
      ctx.provide('jobs', queue);

      const events = ctx.events;
      const eventJob = defineJob({
        name: EVENT_JOB_NAME,
        schema: queuedDeliverySchema,
        attempts: options.eventAttempts ?? 8,
        backoffMs: 1000,
        // Throws when the listener throws, so the queue retries it with backoff.
        handler: (delivery) => events.deliverQueued(delivery),
      });
      const jobs = queue;
      jobs.register(eventJob);
      events.setQueuedDispatcher(async (delivery) => {
        await jobs.enqueue(eventJob, delivery);
      });
    },
    async start(ctx) {
      if (!queue) return;
      // Every node relays the outbox (after the db plugin's start ran the migrations), not only workers.
      relay?.startRelay();
      if (!ctx.config.JOBS_WORKER) return;
      await queue.startWorker({ concurrency: ctx.config.JOBS_CONCURRENCY });
      ctx.logger.debug({ kind: queue.kind, concurrency: ctx.config.JOBS_CONCURRENCY }, 'job worker running');
    },
    async stop({ timeoutMs } = { timeoutMs: Number.POSITIVE_INFINITY }) {
      const open = queue;
      queue = undefined;
      if (!open || !context) return;
      // From here on, queued listeners run in process (the bus's fallback) instead of failing to enqueue.
      context.events.setQueuedDispatcher(undefined);
      // Drain within our share of what is left, keeping time to hand back unfinished jobs and close the pool.
      await open.stop(Math.floor(Math.min(timeoutMs, context.config.SHUTDOWN_TIMEOUT_MS) * DRAIN_SHARE));
    },
    health(): Promise<HealthCheckResult> {
      if (!queue) return Promise.resolve({ status: 'down', message: 'job queue stopped' });
      return queue.health();
    },
  };
}
