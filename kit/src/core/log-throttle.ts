import type { Logger } from './logger.ts';

/**
 * One rule for repeated failure lines (a Redis or database outage fails every request and every reconnect attempt):
 * per key, the first occurrence is logged at once, then at most one line per interval, each carrying `suppressed`,
 * the number of occurrences left out since the line before; when the condition clears, one `recovered` line (info)
 * says how many were left out since the last line and how long it lasted, and the next occurrence is logged at once.
 */
export interface LogThrottle {
  /**
   * Logs `message` at `level` with `fields` and `suppressed` unless a line for `key` was written less than the
   * interval ago; then counts it. Returns whether the line was written.
   */
  log(key: string, level: ThrottledLevel, fields: Record<string, unknown>, message: string): boolean;
  /**
   * The condition of `key` cleared. When lines were written for it, logs `message` at info with `suppressed` and
   * `durationMs` (since its first occurrence) and forgets the key; otherwise does nothing. Returns whether it logged.
   */
  recovered(key: string, message: string, fields?: Record<string, unknown>): boolean;
  /** Whether `key` has occurred since it last recovered. */
  failing(key: string): boolean;
}

export type ThrottledLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug';

export interface LogThrottleOptions {
  /** At most one line per key per this many ms. @default 10_000 */
  intervalMs?: number;
  /** The clock (tests). @default Date.now */
  now?: () => number;
}

/** Keys are a handful of fixed names (`redis`, `subscriber`…); this only bounds a caller that makes them up. */
const MAX_KEYS = 1000;

interface KeyState {
  since: number;
  lastLoggedAt: number;
  suppressed: number;
}

/**
 * A {@link LogThrottle} writing to `logger`.
 * @example
 * const throttle = createLogThrottle(logger);
 * client.on('error', (err) => throttle.log('redis', 'warn', { err }, 'Redis unreachable'));
 * client.on('ready', () => throttle.recovered('redis', 'Redis reachable again'));
 */
export function createLogThrottle(logger: Logger, options: LogThrottleOptions = {}): LogThrottle {
  const intervalMs = options.intervalMs ?? 10_000;
  const now = options.now ?? Date.now;
  const keys = new Map<string, KeyState>();
  return {
    log(key, level, fields, message) {
      const time = now();
      let state = keys.get(key);
      if (state === undefined) {
        if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value as string);
        state = { since: time, lastLoggedAt: Number.NEGATIVE_INFINITY, suppressed: 0 };
        keys.set(key, state);
      }
      if (time - state.lastLoggedAt < intervalMs) {
        state.suppressed++;
        return false;
      }
      logger[level]({ ...fields, suppressed: state.suppressed }, message);
      state.lastLoggedAt = time;
      state.suppressed = 0;
      return true;
    },
    recovered(key, message, fields = {}) {
      const state = keys.get(key);
      if (state === undefined) return false;
      keys.delete(key);
      logger.info({ ...fields, suppressed: state.suppressed, durationMs: now() - state.since }, message);
      return true;
    },
    failing(key) {
      return keys.has(key);
    },
  };
}

const shared = new WeakMap<Logger, LogThrottle>();

/**
 * The throttle (default interval) of `logger`, made on first use: for an `'error'` listener that has no place of its
 * own to keep one. Components sharing a logger share it, so they should use distinct keys.
 */
export function logThrottleOf(logger: Logger): LogThrottle {
  let throttle = shared.get(logger);
  if (throttle === undefined) {
    throttle = createLogThrottle(logger);
    shared.set(logger, throttle);
  }
  return throttle;
}
