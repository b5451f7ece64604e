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
  /**
   * What uses up the points: every attempt (`consume`), or only failures (`recordFailure`; `consume` then only
   * refuses once they are used up). Per-IP sign-in budgets count failures, so many people behind one address (an
   * office, a classroom, a mobile carrier's NAT) can all sign in. @default 'attempts'
   */
  counts?: 'attempts' | 'failures';
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
 * Lockout after repeated failed sign-ins: 15 min at the 5th failure, then 30, then 60 at most. A lock holds the
 * account's budget on devices it never signed in from; its known devices count on their own (`sign-in-device`).
 * @example createRateLimiter({ policies: { 'two-factor': { limits: { account: { points: 5, duration: 300 } }, lockout: DEFAULT_LOCKOUT } } })
 */
export const DEFAULT_LOCKOUT = {
  threshold: 5,
  baseSeconds: 15 * MINUTE,
  maxSeconds: HOUR,
  window: DAY,
} as const satisfies LockoutRule;

/**
 * The built-in policies, and why these numbers (durations in seconds):
 * - `sign-in`: per account 5 attempts per 15 min, a success giving its attempt back, so only failures use it up;
 *   the 5th consecutive failure locks the account (`DEFAULT_LOCKOUT`: 15 min, 30, then 1 h at most) — OWASP's
 *   authentication cheat sheet asks for a per-account limit after a handful of failures (Clerk: 10 failures → 1 h).
 *   This budget is shared by every browser the account never signed in from.
 * - `sign-in-device`: the same numbers per (account, device) for a browser holding the account's device cookie (set
 *   at each successful sign-in): a stranger who knows the email can exhaust `sign-in`, never the owner's devices.
 * - Per IP (both) only *failures* count, 100 per 15 min: a whole office or classroom behind one NAT signs in
 *   freely, while one address trying passwords across many accounts (credential stuffing) stops after 100 misses.
 * - `sign-up`: 30 per hour per IP: a class signing up together passes; a script creating accounts does not.
 * - `password-reset` (also magic links) and `verification-resend`: per IP 30 an hour (429 past it); per account
 *   3 mails an hour, past which the request gets the usual answer and no mail, so a stranger can neither flood a
 *   mailbox nor keep its owner from the link (the mails the stranger's requests sent are in the owner's mailbox).
 *   Using a reset or magic link proves the mailbox and clears the account's failures and lock.
 * - `api`: 300 requests a minute per client (user id, else IP).
 * Override any of them by name: `securityPlugin({ rateLimitPolicies: { 'sign-up': { limits: { ip: { points: 10, duration: 3600 } } } } })`.
 * @example rateLimiter.consume('sign-in', { account: email, ip })
 */
export const DEFAULT_RATE_LIMIT_POLICIES = {
  'sign-in': {
    limits: {
      account: { points: 5, duration: 15 * MINUTE },
      ip: { points: 100, duration: 15 * MINUTE, counts: 'failures' },
    },
    lockout: DEFAULT_LOCKOUT,
  },
  'sign-in-device': {
    limits: {
      account: { points: 5, duration: 15 * MINUTE },
      ip: { points: 100, duration: 15 * MINUTE, counts: 'failures' },
    },
    lockout: DEFAULT_LOCKOUT,
  },
  'sign-up': { limits: { ip: { points: 30, duration: HOUR } } },
  'password-reset': { limits: { account: { points: 3, duration: HOUR }, ip: { points: 30, duration: HOUR } } },
  'verification-resend': { limits: { account: { points: 3, duration: HOUR }, ip: { points: 30, duration: HOUR } } },
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
