// What happens to a job after a run: pure, no I/O. The Postgres back end applies these transitions to its rows
// (its lease reaper mirrors `afterRun` for the `lease-expired` outcome in SQL, see postgres-queue.ts); BullMQ applies
// the same rules through its own options (attempts, backoff, UnrecoverableError, stalled jobs).
import { computeBackoff, type BackoffPolicy } from './backoff.ts';

/** The stored states of a job. `waiting` rows whose `run_at` lies ahead are reported as `delayed`. */
export type StoredJobStatus = 'waiting' | 'active' | 'completed' | 'dead';

/** How a run ended. */
export type RunOutcome =
  | { type: 'completed' }
  /** The handler threw. `permanent`: retrying cannot help (bad payload, unknown job, `PermanentJobError`). */
  | { type: 'failed'; error: string; permanent?: boolean }
  /** The worker holding the job vanished (killed, hung) and its lease ran out. */
  | { type: 'lease-expired' }
  /** The worker is shutting down and gives the job back before it finished. */
  | { type: 'released' };

/** A job as the transition sees it. `attempts` counts runs started, including the one that just ended. */
export interface RunState {
  attempts: number;
  maxAttempts: number;
  backoff: BackoffPolicy;
}

/** The next state of a job. */
export type Transition =
  | { status: 'completed' }
  /** Run again after `delayMs`; `attempts` is the new count of runs started (a release gives its run back). */
  | { status: 'waiting'; delayMs: number; attempts: number; lastError: string | undefined }
  | { status: 'dead'; lastError: string };

/** The message stored when a lease expires: it tells an operator what happened, not just that it failed. */
export function leaseExpiredMessage(attempt: number): string {
  return `lease expired during attempt ${attempt}: the worker stopped (killed or hung) before finishing the job`;
}

/**
 * The state a job moves to after a run ended with `outcome`.
 * @example afterRun({ attempts: 1, maxAttempts: 3, backoff: { baseMs: 100, jitter: 0 } }, { type: 'failed', error: 'boom' })
 * // { status: 'waiting', delayMs: 100, attempts: 1, lastError: 'boom' }
 */
export function afterRun(job: RunState, outcome: RunOutcome, random: () => number = Math.random): Transition {
  switch (outcome.type) {
    case 'completed':
      return { status: 'completed' };
    case 'released':
      // Not the job's fault: the attempt is given back and the job may run at once elsewhere.
      return { status: 'waiting', delayMs: 0, attempts: Math.max(0, job.attempts - 1), lastError: undefined };
    case 'lease-expired': {
      // A job that takes its worker down on every attempt must not crash-loop the fleet forever.
      const message = leaseExpiredMessage(job.attempts);
      if (job.attempts >= job.maxAttempts) return { status: 'dead', lastError: message };
      return { status: 'waiting', delayMs: 0, attempts: job.attempts, lastError: message };
    }
    case 'failed': {
      if (outcome.permanent || job.attempts >= job.maxAttempts) return { status: 'dead', lastError: outcome.error };
      return {
        status: 'waiting',
        delayMs: computeBackoff(job.attempts, job.backoff, random),
        attempts: job.attempts,
        lastError: outcome.error,
      };
    }
  }
}

/** Whether a job in `status` may be moved back to waiting by `retryDead`. */
export function canRetry(status: StoredJobStatus): boolean {
  return status === 'dead';
}
