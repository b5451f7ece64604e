import type { z } from 'zod';
import type { JobContext, JobDefinition } from './types.ts';

/** What `defineJob` takes: a job's name, payload schema, handler and retry policy. */
export interface DefineJobInput<S extends z.ZodType, N extends string> {
  /** Stable name, stored with every job (`email.send`). Letters, digits and `. _ - / :`; at most 200 characters. */
  name: N;
  /** zod schema of the payload: checked before a job is stored, and again by the worker before the handler runs. */
  schema: S;
  /** Runs the job. Throw to fail the attempt (it is retried); throw `PermanentJobError` to dead-letter at once. */
  handler: (payload: z.output<S>, job: JobContext) => Promise<void>;
  /** Runs in all, first one included. @default 5 */
  attempts?: number;
  /** First retry delay in ms; doubles with each attempt, capped at one hour, with jitter. @default 1000 */
  backoffMs?: number;
}

/** Default number of runs of a job. */
export const DEFAULT_ATTEMPTS = 5;
/** Default first retry delay, in ms. */
export const DEFAULT_BACKOFF_MS = 1000;
/** Most runs a job may be given: beyond that a job is broken, not unlucky. */
export const MAX_ATTEMPTS = 100;

const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9._\-/:]{0,199}$/;

function fail(message: string): never {
  // A bad definition is a programming error found at start-up, like a bad plugin config.
  throw new TypeError(`[sv-sdk] [jobs] ${message}`);
}

/**
 * Defines a typed job. The name is kept as a literal type and the handler receives the schema's parsed output.
 * @example
 * export const sendWelcome = defineJob({
 *   name: 'email.welcome',
 *   schema: z.object({ userId: z.string(), email: z.email() }),
 *   attempts: 8,
 *   handler: async ({ userId, email }, job) => mailer.send(email, 'welcome', { userId }, { signal: job.signal }),
 * });
 * await sdk.jobs.enqueue(sendWelcome, { userId: '42', email: 'ada@example.com' });
 */
export function defineJob<S extends z.ZodType, const N extends string>(
  input: DefineJobInput<S, N>,
): JobDefinition<S, N> {
  if (typeof input.name !== 'string' || !JOB_NAME.test(input.name)) {
    fail(
      `Invalid job name ${JSON.stringify(input.name)}: expected letters, digits and . _ - / : (max 200), starting with a letter or digit.`,
    );
  }
  if (typeof input.handler !== 'function') fail(`The job "${input.name}" needs a handler function.`);
  if (!input.schema || typeof (input.schema as { safeParse?: unknown }).safeParse !== 'function')
    fail(`The job "${input.name}" needs a zod schema.`);
  const attempts = input.attempts ?? DEFAULT_ATTEMPTS;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_ATTEMPTS) {
    fail(`The job "${input.name}" has attempts = ${String(attempts)}: expected an integer from 1 to ${MAX_ATTEMPTS}.`);
  }
  const backoffMs = input.backoffMs ?? DEFAULT_BACKOFF_MS;
  if (!Number.isInteger(backoffMs) || backoffMs < 0 || backoffMs > 86_400_000) {
    fail(
      `The job "${input.name}" has backoffMs = ${String(backoffMs)}: expected an integer from 0 to 86400000 (one day).`,
    );
  }
  return Object.freeze({ name: input.name, schema: input.schema, handler: input.handler, attempts, backoffMs });
}
