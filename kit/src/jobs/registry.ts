// The logic both back ends share, with no I/O: checking payloads and options before a job is stored, knowing which
// handlers this process runs, and running one with its payload parsed again.
import { z } from 'zod';
import { sdkError } from '../core/errors.ts';
import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, MAX_ATTEMPTS } from './define.ts';
import { PermanentJobError, unknownJobError } from './errors.ts';
import type { EnqueueOptions, JobContext, JobDefinition } from './types.ts';

/** BullMQ's priority range; the Postgres back end keeps it too, so code moves between back ends unchanged. */
export const MAX_PRIORITY = 2_097_151;
/** Longest delay accepted: a year. */
export const MAX_DELAY_MS = 366 * 86_400_000;

const enqueueOptionsSchema = z.strictObject({
  delayMs: z.number().int().min(0).max(MAX_DELAY_MS).optional(),
  idempotencyKey: z.string().min(1).max(512).optional(),
  attempts: z.number().int().min(1).max(MAX_ATTEMPTS).optional(),
  priority: z.number().int().min(0).max(MAX_PRIORITY).optional(),
});

/** A job ready to store: its JSON payload checked, its options resolved against the definition's defaults. */
export interface PreparedJob {
  name: string;
  /** The payload as it will be stored (the result of a JSON round trip). */
  payload: unknown;
  delayMs: number;
  idempotencyKey: string | undefined;
  attempts: number;
  backoffMs: number;
  priority: number;
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * Checks a payload and its options before anything is stored; a bad one throws `VALIDATION_FAILED` naming the job
 * and each problem. The payload goes through a JSON round trip first, so what is checked is exactly what the
 * worker will read back (a `Date` or a `Map` would silently change shape in storage otherwise).
 */
export function prepareJob<S extends z.ZodType>(
  definition: JobDefinition<S>,
  payload: unknown,
  options: EnqueueOptions | undefined,
): PreparedJob {
  let stored: unknown;
  try {
    const json = JSON.stringify(payload);
    if (json === undefined) throw new TypeError('not JSON');
    stored = JSON.parse(json);
  } catch {
    throw sdkError('VALIDATION_FAILED', {
      message: `[sv-sdk] [jobs] The payload of "${definition.name}" cannot be stored as JSON.`,
      details: { job: definition.name },
    });
  }
  const parsed = definition.schema.safeParse(stored);
  if (!parsed.success) {
    throw sdkError('VALIDATION_FAILED', {
      message: `[sv-sdk] [jobs] Invalid payload for "${definition.name}": ${issuesOf(parsed.error)
        .map((issue) => `${issue.path || '(root)'}: ${issue.message}`)
        .join('; ')}`,
      details: { job: definition.name, issues: issuesOf(parsed.error) },
    });
  }
  // Most enqueues pass no options: skip the options parse (one allocation-heavy zod call per job) for them.
  const checked =
    options === undefined
      ? { success: true as const, data: {} as z.output<typeof enqueueOptionsSchema> }
      : enqueueOptionsSchema.safeParse(options);
  if (!checked.success) {
    throw sdkError('VALIDATION_FAILED', {
      message: `[sv-sdk] [jobs] Invalid enqueue options for "${definition.name}": ${issuesOf(checked.error)
        .map((issue) => `${issue.path}: ${issue.message}`)
        .join('; ')}`,
      details: { job: definition.name, issues: issuesOf(checked.error) },
    });
  }
  const opts = checked.data;
  return {
    name: definition.name,
    payload: stored,
    delayMs: opts.delayMs ?? 0,
    idempotencyKey: opts.idempotencyKey,
    attempts: opts.attempts ?? definition.attempts ?? DEFAULT_ATTEMPTS,
    backoffMs: definition.backoffMs ?? DEFAULT_BACKOFF_MS,
    priority: opts.priority ?? 0,
  };
}

/**
 * The items of one enqueue call split by idempotency key: the first item of each key (and every unkeyed one) is to be
 * stored; a later item with the same key is a duplicate of that first one (`of`: its index) and reports its id.
 */
export function firstOfEachKey(prepared: readonly PreparedJob[]): {
  unique: { index: number; job: PreparedJob }[];
  duplicates: { index: number; of: number }[];
} {
  const firstByKey = new Map<string, number>();
  const unique: { index: number; job: PreparedJob }[] = [];
  const duplicates: { index: number; of: number }[] = [];
  prepared.forEach((job, index) => {
    if (job.idempotencyKey !== undefined) {
      const first = firstByKey.get(job.idempotencyKey);
      if (first !== undefined) {
        duplicates.push({ index, of: first });
        return;
      }
      firstByKey.set(job.idempotencyKey, index);
    }
    unique.push({ index, job });
  });
  return { unique, duplicates };
}

/** A registered handler with its types erased: the registry only hands it raw stored payloads. */
interface RegisteredJob {
  definition: JobDefinition<z.ZodType>;
  run(payload: unknown, context: JobContext): Promise<void>;
}

/** The handlers this process runs, by job name. */
export class JobRegistry {
  readonly #jobs = new Map<string, RegisteredJob>();

  /** Adds a definition; registering the same definition twice is a no-op, another one with the same name throws. */
  register<S extends z.ZodType>(definition: JobDefinition<S>): void {
    const existing = this.#jobs.get(definition.name);
    if (existing) {
      if (existing.definition === (definition as unknown)) return;
      throw new TypeError(`[sv-sdk] [jobs] Another job named "${definition.name}" is already registered.`);
    }
    this.#jobs.set(definition.name, {
      definition: definition as unknown as JobDefinition<z.ZodType>,
      async run(payload, context) {
        // Parsed again on the worker: the stored row may predate a schema change, and defaults/transforms apply here.
        const parsed = definition.schema.safeParse(payload);
        if (!parsed.success) {
          throw new PermanentJobError(
            `The stored payload of "${definition.name}" no longer matches its schema: ${issuesOf(parsed.error)
              .map((issue) => `${issue.path || '(root)'}: ${issue.message}`)
              .join('; ')}`,
          );
        }
        await definition.handler(parsed.data, context);
      },
    });
  }

  has(name: string): boolean {
    return this.#jobs.has(name);
  }

  names(): string[] {
    return [...this.#jobs.keys()];
  }

  /** Definition of a registered job (its retry policy), if any. */
  definition(name: string): JobDefinition<z.ZodType> | undefined {
    return this.#jobs.get(name)?.definition;
  }

  /** Runs the job's handler; an unknown name or a payload that no longer parses throws a `PermanentJobError`. */
  async run(name: string, payload: unknown, context: JobContext): Promise<void> {
    const job = this.#jobs.get(name);
    if (!job) throw unknownJobError(name, this.names());
    await job.run(payload, context);
  }
}

/** A job's context with the means to abort it. */
export interface RunningContext {
  context: JobContext;
  /** Aborts the job's signal (a no-op when the handler never looked at it). */
  abort(reason: Error): void;
}

/**
 * The context a handler receives. The AbortController behind `signal` is made on first access: most handlers never
 * look at it, and one controller per job is a measurable share of a fast queue's cost.
 */
export function createJobContext(fields: Omit<JobContext, 'signal'>): RunningContext {
  let controller: AbortController | undefined;
  let abortedWith: Error | undefined;
  const context = {
    ...fields,
    get signal(): AbortSignal {
      if (!controller) {
        controller = new AbortController();
        if (abortedWith) controller.abort(abortedWith);
      }
      return controller.signal;
    },
  };
  return {
    context,
    abort(reason) {
      abortedWith ??= reason;
      controller?.abort(reason);
    },
  };
}
