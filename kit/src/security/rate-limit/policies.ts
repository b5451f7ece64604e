/**
 * Rate-limit policies as data. Each policy limits one action by one or more dimensions (the account it targets,
 * the client IP, or a generic client key); an attempt counts against every dimension it names and is refused
 * when any of them is exhausted. Durations are in seconds.
 */

/** What a limit is counted by. `ip` keys are grouped per IPv6 /64; `account` keys are trimmed and lower-cased. */
export type RateLimitDimension = 'account' | 'ip' | 'client';

export interface RateLimitRule {
  /** Attempts allowed per window. */
  points: number;
  /** Window length in seconds. */
  duration: number;
  /** Once exhausted, refuse for this long instead of until the window ends (0: until the window ends). @default 0 */
  blockDuration?: number;
}

export interface LockoutRule {
  /** Consecutive failures (within `window`) after which the account is locked. */
  threshold: number;
  /** Lock length at `threshold` failures; each further failure doubles it. */
  baseSeconds: number;
  /** Longest lock. */
  maxSeconds: number;
  /** How long failures are remembered; a success or `resetAccount` forgets them at once. */
  window: number;
}

export interface RateLimitPolicy {
  limits: Partial<Record<RateLimitDimension, RateLimitRule>>;
  /** Temporary lockout of the account after repeated failures (`recordFailure`), with exponential back-off. */
  lockout?: LockoutRule;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Lockout after repeated failed sign-ins: 15 min at the 5th failure, then 30, 60 … up to a day.
 * @example createRateLimiter({ policies: { 'two-factor': { limits: { account: { points: 5, duration: 300 } }, lockout: DEFAULT_LOCKOUT } } })
 */
export const DEFAULT_LOCKOUT = {
  threshold: 5,
  baseSeconds: 15 * MINUTE,
  maxSeconds: DAY,
  window: DAY,
} as const satisfies LockoutRule;

/**
 * The built-in policies. Sign-in is limited per account (against password guessing on one user) and per IP
 * (against one client trying many users); sign-up only per IP (there is no account yet).
 * @example rateLimiter.consume('sign-in', { account: email, ip })
 */
export const DEFAULT_RATE_LIMIT_POLICIES = {
  'sign-in': {
    limits: { account: { points: 5, duration: 15 * MINUTE }, ip: { points: 5, duration: 15 * MINUTE } },
    lockout: DEFAULT_LOCKOUT,
  },
  'sign-up': { limits: { ip: { points: 3, duration: HOUR } } },
  'password-reset': { limits: { account: { points: 3, duration: HOUR }, ip: { points: 3, duration: HOUR } } },
  'verification-resend': { limits: { account: { points: 3, duration: HOUR }, ip: { points: 10, duration: HOUR } } },
  /** Generic API traffic per client: the user id when signed in, else `ipRateLimitKey(ip)` (IPv6 by /64). */
  api: { limits: { client: { points: 300, duration: MINUTE } } },
} as const satisfies Record<string, RateLimitPolicy>;

export type DefaultRateLimitPolicyName = keyof typeof DEFAULT_RATE_LIMIT_POLICIES;

/**
 * Seconds an account stays locked after `failures` consecutive failures: 0 below the threshold, then
 * `baseSeconds · 2^(failures − threshold)`, capped at `maxSeconds`.
 * @example lockoutSeconds(7, DEFAULT_LOCKOUT) // 3600 (15 min · 2²)
 */
export function lockoutSeconds(failures: number, rule: LockoutRule): number {
  if (!Number.isFinite(failures) || failures < rule.threshold) return 0;
  const doublings = Math.min(failures - rule.threshold, 52); // 2^52 already exceeds every cap; avoids Infinity.
  return Math.min(rule.maxSeconds, rule.baseSeconds * 2 ** doublings);
}
