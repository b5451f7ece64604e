// Helpers shared by the cache implementations (internal: not re-exported by index.ts).
import { createLogThrottle } from '../core/log-throttle.ts';
import { createLogger, type Logger } from '../core/logger.ts';

/** A resolved `Promise<void>`, shared so hot paths do not allocate one per call. */
export const DONE: Promise<void> = Promise.resolve();

/** The error for a TTL that is not a positive, finite number of seconds, or `undefined` when it is one. */
export function ttlError(seconds: number, name = 'ttlSeconds'): RangeError | undefined {
  if (typeof seconds === 'number' && seconds > 0 && Number.isFinite(seconds)) return undefined;
  return new RangeError(`[sv-sdk] [cache] \`${name}\` must be a positive number of seconds, got ${String(seconds)}.`);
}

/** Throws when `seconds` is not a valid TTL (a programming error, not a cache failure). */
export function checkTtlSeconds(seconds: number, name = 'ttlSeconds'): number {
  const error = ttlError(seconds, name);
  if (error) throw error;
  return seconds;
}

/** The default logger of a cache created without one: warnings and errors only. */
export function defaultCacheLogger(): Logger {
  return createLogger({ name: 'sv-sdk:cache', level: 'warn' });
}

/**
 * Logs failures of a remote cache at most once per `intervalMs` (the core log throttle): when Redis is down every
 * request fails, and one line per request would flood the logs. The next line says how many failures were not logged.
 */
export interface FailureLog {
  (error: unknown, op: string): void;
  /** Call when the connection works again: logs the recovery once if failures were logged. */
  recovered(): void;
}

export function createFailureLog(logger: Logger, message: string, intervalMs: number): FailureLog {
  const throttle = createLogThrottle(logger, { intervalMs });
  const log = ((error: unknown, op: string) => {
    throttle.log('redis', 'warn', { err: error, op }, message);
  }) as FailureLog;
  log.recovered = () => {
    throttle.recovered('redis', 'Redis cache connection restored.');
  };
  return log;
}
