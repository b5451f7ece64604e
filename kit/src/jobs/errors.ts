import { sdkError, type SDKError } from '../core/errors.ts';

/** The queue's store (Redis) could not take the job: nothing was enqueued, the caller may retry. */
export function queueUnavailableError(kind: string, cause: unknown): SDKError {
  return sdkError('SERVICE_UNAVAILABLE', {
    message: `[sv-sdk] [jobs] The ${kind} job queue could not be reached; the job was not enqueued.`,
    cause,
  });
}

/**
 * Thrown by a handler when retrying cannot help (the record it works on is gone, the input is wrong for good): the
 * job goes to the dead-letter state at once instead of using its remaining attempts.
 * @example if (!user) throw new PermanentJobError(`user ${payload.userId} no longer exists`);
 */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/** True for a `PermanentJobError`, also one from another copy of the kit (checked by name). */
export function isPermanentJobError(error: unknown): boolean {
  return error instanceof PermanentJobError || (error instanceof Error && error.name === 'PermanentJobError');
}

/** The error a worker records for a job whose name it has no handler for. */
export function unknownJobError(name: string, registered: readonly string[]): PermanentJobError {
  const known = registered.length > 0 ? registered.map((n) => `"${n}"`).join(', ') : 'none';
  return new PermanentJobError(
    `No handler is registered for the job "${name}" on this worker (registered: ${known}). ` +
      'Register its definition with jobs.register() in every process that runs a worker.',
  );
}

/** A stopped queue refuses new work. */
export function queueClosedError(kind: string): SDKError {
  return sdkError('SHUTTING_DOWN', {
    message: `[sv-sdk] [jobs] The ${kind} job queue is stopped; no more jobs can be enqueued.`,
  });
}

/** The message of any thrown value, for `last_error` (bounded: a megabyte of stack does not belong in a row). */
export function errorMessage(error: unknown, max = 2000): string {
  const text =
    error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
