// Retry delays: pure, no I/O. Both back ends use this one function, so a job retries on the same schedule whether
// it runs on the Postgres table or on BullMQ.

/** How long to wait before a retry. */
export interface BackoffPolicy {
  /** Delay before the first retry, in ms; doubles with each further attempt. */
  baseMs: number;
  /** No delay is ever longer than this, in ms. @default 3_600_000 (one hour) */
  maxMs?: number;
  /**
   * Fraction of the delay that is randomised (0 to 1). The delay is drawn from `[d × (1 − jitter), d]`, so it never
   * exceeds the exponential value nor the cap, and failures that happened together do not retry together.
   * @default 0.2
   */
  jitter?: number;
}

/** Default cap of a retry delay: one hour. */
export const DEFAULT_MAX_BACKOFF_MS = 3_600_000;
/** Default randomised fraction of a retry delay. */
export const DEFAULT_BACKOFF_JITTER = 0.2;

/**
 * The delay before retrying after failed attempt number `attempt` (1 for the first run): `baseMs × 2^(attempt−1)`,
 * capped at `maxMs`, with up to `jitter` of it taken off at random.
 * @example computeBackoff(3, { baseMs: 1000, jitter: 0 }) // 4000
 */
export function computeBackoff(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const base = Math.max(0, policy.baseMs);
  if (base === 0) return 0;
  const max = Math.max(0, policy.maxMs ?? DEFAULT_MAX_BACKOFF_MS);
  const jitter = Math.min(1, Math.max(0, policy.jitter ?? DEFAULT_BACKOFF_JITTER));
  // 2^exponent overflows to Infinity long before attempts get silly; clamp the exponent so the cap applies cleanly.
  const exponent = Math.min(Math.max(0, Math.floor(attempt) - 1), 52);
  const exponential = Math.min(max, base * 2 ** exponent);
  const draw = Math.min(1, Math.max(0, random()));
  return Math.round(exponential * (1 - jitter * draw));
}
