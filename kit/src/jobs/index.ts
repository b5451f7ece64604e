// `@sv-sdk/kit/jobs`: typed background jobs on the Postgres table (default) or BullMQ (with REDIS_URL).
export type {
  EnqueueOptions,
  EnqueueResult,
  JobContext,
  JobDefinition,
  JobInfo,
  JobQueue,
  JobQueueKind,
  JobState,
  QueueStats,
} from './types.ts';
export { defineJob, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, MAX_ATTEMPTS, type DefineJobInput } from './define.ts';
export { PermanentJobError, isPermanentJobError } from './errors.ts';
export { computeBackoff, type BackoffPolicy } from './backoff.ts';
export { MAX_PRIORITY, MAX_DELAY_MS } from './registry.ts';
export {
  createPostgresJobQueue,
  PostgresJobQueue,
  JOBS_CHANNEL,
  type PostgresJobQueueOptions,
} from './postgres-queue.ts';
// The BullMQ back end is loaded by `jobsPlugin` only when REDIS_URL is set, so it is not re-exported at run time here
// (that would load BullMQ and ioredis in every embedded app); its options type is.
export type { BullMQJobQueueOptions } from './bullmq-queue.ts';
export { jobsPlugin, EVENT_JOB_NAME, type JobsPluginOptions } from './plugin.ts';
export { jobs, type JobStatus } from './schema.ts';
