import { Queue, UnrecoverableError, WaitingError, Worker, type Job, type JobsOptions, type RedisOptions } from 'bullmq';
import type { z } from 'zod';
import type { HealthCheckResult } from '../core/health.ts';
import { logThrottleOf } from '../core/log-throttle.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { reconnectDelayMs } from '../core/reconnect.ts';
import { computeBackoff } from './backoff.ts';
import { DEFAULT_BACKOFF_MS, MAX_ATTEMPTS } from './define.ts';
import { errorMessage, isPermanentJobError, queueClosedError, queueUnavailableError } from './errors.ts';
import { createJobContext, JobRegistry, prepareJob, type PreparedJob } from './registry.ts';
import { leaseExpiredMessage } from './state.ts';
import type { EnqueueOptions, EnqueueResult, JobDefinition, JobInfo, JobQueue, JobState, QueueStats } from './types.ts';

/** Options of the BullMQ queue. */
export interface BullMQJobQueueOptions {
  /**
   * `REDIS_URL`, or ioredis options. Options, not a client: BullMQ brings its own ioredis major, and a client of
   * another major breaks in subtle ways.
   */
  connection: string | RedisOptions;
  /** `REDIS_KEY_PREFIX`; BullMQ's keys are `<prefix>:jobs:<queue>:…`. @default 'sv-sdk' */
  prefix?: string;
  /** BullMQ queue name. @default 'default' */
  queue?: string;
  logger?: Logger;
  /** BullMQ `lockDuration`: a job whose worker stops renewing its lock for this long counts as stalled. @default 30000 */
  leaseMs?: number;
  /** BullMQ `stalledInterval`: how often stalled jobs (worker killed) are moved back to waiting. @default 30000 */
  stalledIntervalMs?: number;
  /**
   * Completed jobs WITH an idempotency key are kept this long so their key (the job id) keeps deduplicating; jobs
   * without a key are removed on completion. @default 86400000 (one day)
   */
  retainCompletedMs?: number;
  /** Concurrency when `startWorker()` is called without one. @default 4 */
  concurrency?: number;
}

/** The name of our backoff strategy in the job options; the worker's `backoffStrategy` answers it. */
const BACKOFF_TYPE = 'sv-sdk';
const QUEUE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * BullMQ job id of an idempotency key. BullMQ refuses ids with `:` and integer-looking ids; the prefix and the
 * encoding rule out both and keep distinct keys distinct.
 */
export function jobIdForKey(key: string): string {
  return `idem-${encodeURIComponent(key)}`;
}

/** The idempotency key a job id was made from (`jobIdForKey`), if it was. */
export function keyOfJobId(id: string): string | undefined {
  if (!id.startsWith('idem-')) return undefined;
  try {
    return decodeURIComponent(id.slice('idem-'.length));
  } catch {
    return undefined;
  }
}

function connectionOptions(connection: string | RedisOptions, worker: boolean): RedisOptions {
  const base: RedisOptions = typeof connection === 'string' ? { url: connection } : { ...connection };
  // A worker's blocking connection must retry forever (BullMQ requires it). A producer fails a command at once while
  // Redis is away (no offline queue, bounded connect and command time) instead of hanging the request that made it:
  // the job then goes to the outbox (outbox.ts).
  return worker
    ? { retryStrategy: (times: number) => reconnectDelayMs(times), ...base, maxRetriesPerRequest: null }
    : {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 2000,
        commandTimeout: 3000,
        retryStrategy: (times: number) => reconnectDelayMs(times),
        ...base,
      };
}

/** A job the outbox relay hands over, under the id it was given when it was stored. */
export interface RelayedJob {
  jobId: string;
  job: PreparedJob;
}

interface Running {
  job: Job;
  token: string;
  released: boolean;
  abort: (reason: Error) => void;
  /** Settles the processor with a WaitingError, whatever the handler still does. */
  release: () => void;
}

function toState(state: string): JobState {
  switch (state) {
    case 'active':
    case 'completed':
    case 'delayed':
      return state;
    case 'failed':
      return 'dead';
    default:
      // waiting, prioritized, paused, waiting-children
      return 'waiting';
  }
}

/**
 * The job queue on BullMQ (with `REDIS_URL`): one BullMQ queue, job name = definition name, our retry schedule as a
 * custom backoff strategy, idempotency keys as job ids, failed jobs kept as the dead-letter state, and stalled-job
 * detection for workers that die mid-job.
 */
export class BullMQJobQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  readonly #queue: Queue;
  readonly #options: BullMQJobQueueOptions;
  readonly #logger: Logger;
  readonly #registry = new JobRegistry();
  readonly #retainCompletedMs: number;
  readonly #prefix: string;
  readonly #name: string;
  #worker: Worker | undefined;
  readonly #running = new Set<Running>();
  #closed = false;
  #reachable = false;
  #stopping: Promise<void> | undefined;

  constructor(options: BullMQJobQueueOptions) {
    const name = options.queue ?? 'default';
    if (!QUEUE_NAME.test(name)) throw new TypeError(`[sv-sdk] [jobs] Invalid queue name ${JSON.stringify(name)}.`);
    this.#options = options;
    this.#name = name;
    this.#prefix = `${options.prefix ?? 'sv-sdk'}:jobs`;
    this.#logger = options.logger ?? createLogger({ level: 'silent' });
    this.#retainCompletedMs = options.retainCompletedMs ?? 86_400_000;
    this.#queue = new Queue(name, { connection: connectionOptions(options.connection, false), prefix: this.#prefix });
    // An EventEmitter 'error' without a listener would crash the process on a Redis hiccup.
    // Each connection errs on every reconnect attempt while Redis is away: one line per 10 s (core log throttle).
    this.#queue.on('error', (error: Error) =>
      logThrottleOf(this.#logger).log(
        'jobs-redis',
        'warn',
        { err: error, connection: 'queue' },
        'job queue (redis) error',
      ),
    );
    // Whether a command can be sent now: without an offline queue it fails at once otherwise. The first connection
    // is awaited by BullMQ itself (it would hold an enqueue until Redis answers), so until then this says no.
    const backend = this.#queue.getBackend() as unknown as { on(event: string, listener: () => void): void };
    backend.on('ready', () => (this.#reachable = true));
    backend.on('ready', () => logThrottleOf(this.#logger).recovered('jobs-redis', 'job queue Redis reachable again'));
    backend.on('close', () => (this.#reachable = false));
    this.#queue.waitUntilReady().then(
      () => (this.#reachable = true),
      () => (this.#reachable = false),
    );
  }

  /** True while the producer connection is up: an enqueue can be tried directly. */
  get reachable(): boolean {
    return this.#reachable && !this.#closed;
  }

  /** The BullMQ key prefix (`<REDIS_KEY_PREFIX>:jobs`). */
  get prefix(): string {
    return this.#prefix;
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
    return this.enqueuePrepared(items.map((item) => prepareJob(job, item.payload, item.options)));
  }

  /** Adds jobs already checked by `prepareJob` (the outbox checks them before it chooses where they go). */
  async enqueuePrepared(prepared: PreparedJob[]): Promise<EnqueueResult[]> {
    if (this.#closed) throw queueClosedError(this.kind);
    try {
      return await this.#add(prepared);
    } catch (error) {
      // ioredis errors name hosts; the caller gets a stable code and the cause stays for the logs.
      throw queueUnavailableError(this.kind, error);
    }
  }

  /**
   * Adds jobs under the ids the outbox gave them. An id BullMQ still holds is left as it is, so handing the same job
   * over twice (a relay that died before it could delete its rows) adds it once; such jobs are kept after completion
   * for the same retention as keyed ones.
   */
  async addRelayed(jobs: readonly RelayedJob[]): Promise<void> {
    if (this.#closed) throw queueClosedError(this.kind);
    if (jobs.length === 0) return;
    try {
      await this.#queue.addBulk(
        jobs.map(({ jobId, job }) => ({ name: job.name, data: job.payload, opts: this.#jobOptions(job, jobId) })),
      );
    } catch (error) {
      throw queueUnavailableError(this.kind, error);
    }
  }

  async #add(prepared: PreparedJob[]): Promise<EnqueueResult[]> {
    const results: EnqueueResult[] = new Array(prepared.length);
    // Keys already stored are reported as duplicates without a write. Two callers racing with the same NEW key both
    // see it missing and both report `deduplicated: false`, but BullMQ stores only one job (the id is the key).
    const keyed = prepared.flatMap((item, index) =>
      item.idempotencyKey === undefined ? [] : [{ index, id: jobIdForKey(item.idempotencyKey) }],
    );
    const existing = new Set<string>();
    if (keyed.length > 0) {
      const found = await Promise.all(keyed.map(({ id }) => this.#queue.getJob(id)));
      found.forEach((stored, position) => {
        if (stored) existing.add((keyed[position] as { id: string }).id);
      });
    }
    const seen = new Set<string>();
    const toAdd: { index: number; item: PreparedJob; jobId: string | undefined }[] = [];
    prepared.forEach((item, index) => {
      const jobId = item.idempotencyKey === undefined ? undefined : jobIdForKey(item.idempotencyKey);
      if (jobId !== undefined) {
        if (existing.has(jobId) || seen.has(jobId)) {
          results[index] = { id: jobId, deduplicated: true };
          return;
        }
        seen.add(jobId);
      }
      toAdd.push({ index, item, jobId });
    });
    if (toAdd.length > 0) {
      const added = await this.#queue.addBulk(
        toAdd.map(({ item, jobId }) => ({ name: item.name, data: item.payload, opts: this.#jobOptions(item, jobId) })),
      );
      toAdd.forEach(({ index }, position) => {
        results[index] = { id: String(added[position]?.id), deduplicated: false };
      });
    }
    return results;
  }

  #jobOptions(item: PreparedJob, jobId: string | undefined): JobsOptions {
    const options: JobsOptions = {
      attempts: item.attempts,
      backoff: { type: BACKOFF_TYPE, delay: item.backoffMs },
      // Keyed jobs stay for the retention so the key keeps deduplicating; the rest go at once (less Redis memory
      // and work). Failed jobs stay: they are the dead-letter state.
      removeOnComplete:
        jobId === undefined || this.#retainCompletedMs === 0
          ? true
          : { age: Math.max(1, Math.ceil(this.#retainCompletedMs / 1000)) },
      removeOnFail: false,
    };
    if (jobId !== undefined) options.jobId = jobId;
    if (item.delayMs > 0) options.delay = item.delayMs;
    if (item.priority > 0) options.priority = item.priority;
    return options;
  }

  async startWorker(options: { concurrency?: number } = {}): Promise<void> {
    if (this.#closed) throw queueClosedError(this.kind);
    if (this.#worker) return;
    const concurrency = options.concurrency ?? this.#options.concurrency ?? 4;
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new TypeError('[sv-sdk] [jobs] Option `concurrency` must be an integer >= 1.');
    // Two parameters on purpose: BullMQ makes an AbortController per job for processors that take a third one; our
    // context makes its own, lazily, and shutdown aborts it directly.
    const worker = new Worker(this.#name, (job, token) => this.#process(job, token), {
      connection: connectionOptions(this.#options.connection, true),
      prefix: this.#prefix,
      concurrency,
      lockDuration: this.#options.leaseMs ?? 30_000,
      stalledInterval: this.#options.stalledIntervalMs ?? 30_000,
      // BullMQ's default (1) dead-letters a job whose worker died twice whatever its attempts. Here a stall counts
      // as an attempt, checked in #process against the job's own attempts (as the Postgres queue's reaper does);
      // BullMQ's own limit only backs that up.
      maxStalledCount: MAX_ATTEMPTS,
      settings: {
        backoffStrategy: (attemptsMade, _type, _error, job) => {
          const backoff = job?.opts.backoff;
          const baseMs =
            typeof backoff === 'object' && typeof backoff.delay === 'number' ? backoff.delay : DEFAULT_BACKOFF_MS;
          return computeBackoff(attemptsMade, { baseMs });
        },
      },
    });
    worker.on('error', (error: Error) =>
      logThrottleOf(this.#logger).log(
        'jobs-redis',
        'warn',
        { err: error, connection: 'worker' },
        'job worker (redis) error',
      ),
    );
    worker.on('failed', (job: Job | undefined, error: Error) => {
      if (!job) return;
      const dead = job.finishedOn !== undefined && job.finishedOn !== null;
      this.#logger[dead ? 'error' : 'warn'](
        { jobId: job.id, job: job.name, attempt: job.attemptsMade, err: error },
        dead ? 'job failed for good (dead letter)' : 'job failed; will retry',
      );
    });
    worker.on('stalled', (jobId: string) =>
      this.#logger.warn({ jobId }, 'returned a job whose worker stopped (stalled)'),
    );
    this.#worker = worker;
    await worker.waitUntilReady();
  }

  #process(job: Job, token: string | undefined): Promise<void> {
    // One promise per job, settled by the handler or, at shutdown, by `release()` (WaitingError).
    const maxAttempts = job.opts.attempts ?? 1;
    // Attempts used: failed runs plus runs whose worker died (stalls). A run given back at shutdown is neither.
    const used = job.attemptsMade + (job.stalledCounter ?? 0);
    if (used >= maxAttempts) {
      // The last attempts all ended with the worker gone (killed, out of memory): stop crash-looping the fleet.
      return Promise.reject(new UnrecoverableError(leaseExpiredMessage(used)));
    }
    return new Promise<void>((resolve, reject) => {
      const running = createJobContext({
        id: String(job.id),
        name: job.name,
        attempt: used + 1,
        maxAttempts,
        idempotencyKey: keyOfJobId(String(job.id)),
      });
      const entry: Running = {
        job,
        token: token ?? '',
        released: false,
        abort: running.abort,
        release: () => reject(new WaitingError()),
      };
      this.#running.add(entry);
      this.#registry.run(job.name, job.data, running.context).then(
        () => {
          this.#running.delete(entry);
          // Moved back to waiting at shutdown: tell BullMQ not to complete it.
          if (entry.released) reject(new WaitingError());
          else resolve();
        },
        (error: unknown) => {
          this.#running.delete(entry);
          if (entry.released) reject(new WaitingError());
          else reject(isPermanentJobError(error) ? new UnrecoverableError(errorMessage(error)) : error);
        },
      );
    });
  }

  stop(timeoutMs = 10_000): Promise<void> {
    this.#stopping ??= this.#stop(timeoutMs);
    return this.#stopping;
  }

  async #stop(timeoutMs: number): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    if (worker) {
      const deadline = Date.now() + timeoutMs;
      // close() stops fetching at once (it drops the blocking connection, so no fetch in flight can hand this worker
      // a job it is about to give back) and then waits for the running jobs.
      const closing = worker.close();
      closing.catch(() => {});
      while (this.#running.size > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(25, Math.max(1, deadline - Date.now()))));
      }
      const unfinished = [...this.#running];
      if (unfinished.length > 0) {
        this.#logger.warn(
          { jobs: unfinished.length },
          'jobs still running at the shutdown deadline were returned to the queue',
        );
        for (const entry of unfinished) {
          try {
            // Back to waiting first, so the abort below cannot turn into a failed attempt.
            await entry.job.moveToWait(entry.token);
          } catch (error) {
            this.#logger.error(
              { err: error, jobId: entry.job.id },
              'returning an unfinished job failed; it returns when it is found stalled',
            );
          }
          entry.released = true;
          entry.abort(new Error('the worker is shutting down'));
          entry.release();
        }
      }
      // Bounded: a Redis that went away must not hold the shutdown past its budget.
      let timer: NodeJS.Timeout | undefined;
      const closed = await Promise.race([
        closing.then(
          () => true,
          () => true,
        ),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), Math.max(1000, deadline - Date.now()));
        }),
      ]);
      clearTimeout(timer);
      if (!closed) {
        this.#logger.warn('the job worker did not close in time; its connections are dropped');
        await worker.disconnect().catch(() => {});
      }
      this.#worker = undefined;
    }
    await this.#queue
      .close()
      .catch((error: unknown) => this.#logger.warn({ err: error }, 'closing the job queue failed'));
  }

  async stats(): Promise<QueueStats> {
    const counts = await this.#queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed');
    const count = (type: string): number => counts[type] ?? 0;
    return {
      waiting: count('waiting') + count('prioritized'),
      delayed: count('delayed'),
      active: count('active'),
      completed: count('completed'),
      dead: count('failed'),
    };
  }

  async getJob(id: string): Promise<JobInfo | undefined> {
    // State first, then the job hash: the hash read after is at least as new as the state (a job that failed in
    // between then has its failedReason), never older.
    const state = await this.#queue.getJobState(id);
    if (state === 'unknown') return undefined;
    const job = await this.#queue.getJob(id);
    if (!job) return undefined;
    return {
      id: String(job.id),
      name: job.name,
      state: toState(state),
      payload: job.data,
      attempts: Math.max(job.attemptsStarted ?? 0, job.attemptsMade),
      maxAttempts: job.opts.attempts ?? 1,
      lastError: job.failedReason || undefined,
    };
  }

  async retryDead(id: string): Promise<boolean> {
    const job = await this.#queue.getJob(id);
    if (!job || !(await job.isFailed())) return false;
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  }

  async health(): Promise<HealthCheckResult> {
    const started = performance.now();
    try {
      const counts = await this.#queue.getJobCounts('active', 'failed');
      return {
        status: 'up',
        latencyMs: Math.round((performance.now() - started) * 100) / 100,
        details: {
          kind: this.kind,
          queue: this.#name,
          worker: this.#worker ? 'running' : 'off',
          active: counts.active ?? 0,
          dead: counts.failed ?? 0,
        },
      };
    } catch {
      // No host or credentials in a readiness answer.
      return { status: 'down', message: 'redis unreachable', latencyMs: Math.round(performance.now() - started) };
    }
  }
}

/**
 * Creates the BullMQ job queue (`REDIS_URL` set).
 * @example
 * const jobs = createBullMQJobQueue({ connection: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX, logger });
 * jobs.register(sendWelcome);
 * await jobs.startWorker({ concurrency: 8 });
 */
export function createBullMQJobQueue(options: BullMQJobQueueOptions): BullMQJobQueue {
  return new BullMQJobQueue(options);
}
