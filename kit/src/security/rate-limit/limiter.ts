import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { z } from 'zod';
import { sdkError } from '../../core/errors.ts';
import { ipRateLimitKey } from '../client-address.ts';
import {
  DEFAULT_RATE_LIMIT_POLICIES,
  lockoutSeconds,
  type DefaultRateLimitPolicyName,
  type LockoutRule,
  type RateLimitDimension,
  type RateLimitPolicy,
} from './policies.ts';

/** The subjects of one attempt; only the dimensions a policy limits are used, and at least one must be given. */
export type RateLimitKeys = Partial<Record<RateLimitDimension, string>>;

/** State after an allowed attempt: what is left in the tightest dimension. */
export interface RateLimitResult {
  /** Attempts left before the tightest dimension refuses. */
  remaining: number;
  /** Seconds until that dimension's window resets. */
  resetSeconds: number;
}

/** What `recordFailure` did. */
export interface FailureResult {
  /** Consecutive failures remembered for the account. */
  failures: number;
  /** Seconds the account is now locked for (0: not locked). */
  lockedSeconds: number;
}

export type RateLimitPolicyName = DefaultRateLimitPolicyName | (string & {});

/** The rate limiter service (`security.rateLimiter`). */
export interface RateLimiter {
  /** Whether limits apply (`RATE_LIMIT_ENABLED`); when false every call allows and counts nothing. */
  readonly enabled: boolean;
  /** `memory` (this process) or `redis` (shared by every node, with an in-memory fallback while Redis is down). */
  readonly store: 'memory' | 'redis';
  readonly policies: Readonly<Record<string, RateLimitPolicy>>;
  /**
   * Counts an attempt against every dimension of `policy` given in `keys`; throws `RATE_LIMITED` (429, with a
   * `Retry-After` header and `details.retryAfterSeconds`) when any is exhausted or the account is locked.
   */
  consume(policy: RateLimitPolicyName, keys: RateLimitKeys, points?: number): Promise<RateLimitResult>;
  /** Counts extra points (e.g. for a suspicious request) without refusing; returns the state after. */
  penalty(policy: RateLimitPolicyName, keys: RateLimitKeys, points?: number): Promise<void>;
  /** Gives points back (e.g. after a successful sign-in). */
  reward(policy: RateLimitPolicyName, keys: RateLimitKeys, points?: number): Promise<void>;
  /** Throws like `consume` would if the next attempt would be refused, without counting one. */
  check(policy: RateLimitPolicyName, keys: RateLimitKeys): Promise<RateLimitResult>;
  /**
   * Records a failed attempt for the account (a wrong password). Past the policy's lockout threshold the account
   * is locked, for a time that doubles with each further failure up to the cap. Call it for unknown accounts too,
   * so that responses do not reveal which accounts exist.
   */
  recordFailure(policy: RateLimitPolicyName, keys: RateLimitKeys): Promise<FailureResult>;
  /** After a success: forgets the account's consecutive failures and gives back the attempt's point. */
  recordSuccess(policy: RateLimitPolicyName, keys: RateLimitKeys): Promise<void>;
  /** Clears every limit and lockout of an account in every policy (after a password reset or by an admin). */
  resetAccount(account: string): Promise<void>;
  /** Clears the given keys of one policy. */
  reset(policy: RateLimitPolicyName, keys: RateLimitKeys): Promise<void>;
}

export type RateLimiterStore = { type: 'memory' } | { type: 'redis'; client: Redis };

export interface RateLimiterOptions {
  /** @default true */
  enabled?: boolean;
  /** @default { type: 'memory' } */
  store?: RateLimiterStore;
  /** Prefix of every Redis key (`<prefix>:rl:<policy>:<dimension>:<sha256>`). @default 'sv-sdk' */
  keyPrefix?: string;
  /** Policies added to, or replacing, the defaults by name. */
  policies?: Record<string, RateLimitPolicy>;
  /** Called when Redis fails and the in-memory fallback answers (for logs and health). */
  onStoreError?: (error: unknown) => void;
}

const ruleSchema = z.object({
  points: z.number().int().min(1).max(1_000_000_000),
  duration: z
    .number()
    .int()
    .min(1)
    .max(366 * 86_400),
  blockDuration: z
    .number()
    .int()
    .min(0)
    .max(366 * 86_400)
    .optional(),
  counts: z.enum(['attempts', 'failures']).optional(),
});
const policySchema = z.object({
  limits: z
    .object({ account: ruleSchema.optional(), ip: ruleSchema.optional(), client: ruleSchema.optional() })
    .strict()
    .refine((limits) => Object.values(limits).some(Boolean), 'a policy needs at least one limit'),
  lockout: z
    .object({
      threshold: z.number().int().min(1).max(1000),
      baseSeconds: z.number().int().min(1),
      maxSeconds: z
        .number()
        .int()
        .min(1)
        .max(366 * 86_400),
      window: z
        .number()
        .int()
        .min(1)
        .max(366 * 86_400),
    })
    .optional(),
});
const policyNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'policy names are lower-case kebab-case');
const MAX_KEY_LENGTH = 1024;
const DIMENSIONS: readonly RateLimitDimension[] = ['account', 'ip', 'client'];
const FAILURES_POINTS = 1_000_000;

interface DimensionLimiter {
  dimension: RateLimitDimension;
  limiter: RateLimiterAbstract;
  /** `failures`: checked by `consume`, counted by `recordFailure` only. */
  countsFailures: boolean;
}
interface Target {
  limiter: RateLimiterAbstract;
  key: string;
  countsFailures: boolean;
}
interface CompiledPolicy {
  name: string;
  policy: RateLimitPolicy;
  dimensions: DimensionLimiter[];
  byDimension: Partial<Record<RateLimitDimension, RateLimiterAbstract>>;
  failures?: RateLimiterAbstract;
  lockout?: LockoutRule;
  /** Maps a rejection of this policy's limiters; made once so the hot path allocates no closure per call. */
  rejected: (reason: unknown) => never;
}

/**
 * Creates the rate limiter on `rate-limiter-flexible`: in memory, or in Redis with an in-memory insurance limiter
 * that takes over while Redis is unreachable. In Redis, keys are SHA-256 hashes, so no email or IP sits there in
 * clear. Two processes sharing a Redis count together.
 * @example
 * const limiter = createRateLimiter({ store: { type: 'redis', client: redis }, keyPrefix: 'my-app' });
 * await limiter.consume('sign-in', { account: email, ip });           // throws RATE_LIMITED (429) when exhausted
 * if (!passwordOk) await limiter.recordFailure('sign-in', { account: email });
 */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const enabled = options.enabled ?? true;
  const store = options.store ?? { type: 'memory' };
  const keyPrefix = options.keyPrefix ?? 'sv-sdk';
  const merged: Record<string, RateLimitPolicy> = { ...DEFAULT_RATE_LIMIT_POLICIES, ...options.policies };
  for (const [name, policy] of Object.entries(merged)) {
    const parsedName = policyNameSchema.safeParse(name);
    const parsed = policySchema.safeParse(policy);
    if (!parsedName.success || !parsed.success) {
      const issue = parsedName.error?.issues[0] ?? parsed.error?.issues[0];
      throw sdkError('CONFIG_INVALID', {
        message:
          `[sv-sdk] [security] Invalid rate-limit policy "${name}": ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      });
    }
  }

  let memoryIds = 0;
  const makeLimiter = (prefix: string, points: number, duration: number, blockDuration = 0): RateLimiterAbstract => {
    // In memory a short prefix is enough (one Map per limiter anyway) and measurably faster: every call builds
    // and hashes `<prefix>:<key>`, and the long Redis prefix cost ~130 ns a call (a third of a consume).
    memoryIds += 1;
    const insurance = new RateLimiterMemory({ keyPrefix: memoryIds.toString(36), points, duration, blockDuration });
    if (store.type === 'memory') return insurance;
    return new RateLimiterRedis({
      storeClient: store.client,
      // ioredis is rate-limiter-flexible's default client; `useRedisPackage` is only for node-redis.
      useRedisPackage: false,
      // Fail over to the insurance limiter at once instead of queueing behind a dead connection.
      rejectIfRedisNotReady: true,
      keyPrefix: prefix,
      points,
      duration,
      blockDuration,
      insuranceLimiter: insurance,
    });
  };

  const compiled = new Map<string, CompiledPolicy>();
  for (const [name, policy] of Object.entries(merged)) {
    const dimensions: DimensionLimiter[] = [];
    const byDimension: CompiledPolicy['byDimension'] = {};
    for (const dimension of DIMENSIONS) {
      const rule = policy.limits[dimension];
      if (!rule) continue;
      const limiter = makeLimiter(
        `${keyPrefix}:rl:${name}:${dimension}`,
        rule.points,
        rule.duration,
        rule.blockDuration,
      );
      dimensions.push({ dimension, limiter, countsFailures: rule.counts === 'failures' });
      byDimension[dimension] = limiter;
    }
    const entry: CompiledPolicy = {
      name,
      policy,
      dimensions,
      byDimension,
      rejected: (reason) => onRejected(name, reason),
    };
    if (policy.lockout) {
      entry.lockout = policy.lockout;
      entry.failures = makeLimiter(`${keyPrefix}:rl:${name}:failures`, FAILURES_POINTS, policy.lockout.window);
    }
    compiled.set(name, entry);
  }

  const hashed = store.type === 'redis';
  /** The stored key: normalised, then hashed when it leaves the process. Memory keys stay as they are (fast path). */
  const storeKey = (dimension: RateLimitDimension, raw: string): string => {
    if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_KEY_LENGTH) {
      throw new TypeError(
        `rate limiter: the ${dimension} key must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`,
      );
    }
    const normalised =
      dimension === 'account' ? raw.trim().toLowerCase() : dimension === 'ip' ? ipRateLimitKey(raw) : raw;
    return hashed ? createHash('sha256').update(normalised).digest('base64url') : normalised;
  };

  const policyOf = (name: string): CompiledPolicy => {
    const found = compiled.get(name);
    if (!found)
      throw new TypeError(`rate limiter: unknown policy "${name}" (known: ${[...compiled.keys()].join(', ')})`);
    return found;
  };

  /** The dimensions of `policy` present in `keys`, with their stored keys. */
  const targets = (policy: CompiledPolicy, keys: RateLimitKeys): Target[] => {
    const out: Target[] = [];
    for (const { dimension, limiter, countsFailures } of policy.dimensions) {
      const raw = keys[dimension];
      if (raw !== undefined) out.push({ limiter, key: storeKey(dimension, raw), countsFailures });
    }
    if (out.length === 0) {
      throw new TypeError(
        `rate limiter: policy "${policy.name}" needs at least one of: ${policy.dimensions.map((d) => d.dimension).join(', ')}`,
      );
    }
    return out;
  };

  const refuse = (policy: string, msBeforeNext: number) => {
    const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
    return sdkError('RATE_LIMITED', {
      status: 429,
      details: { policy, retryAfterSeconds },
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  };

  const onRejected = (policy: string, reason: unknown): never => {
    if (reason instanceof RateLimiterRes) throw refuse(policy, reason.msBeforeNext);
    // Only reachable when both Redis and the insurance limiter fail; report it rather than allow silently.
    options.onStoreError?.(reason);
    throw sdkError('SERVICE_UNAVAILABLE', { message: 'The rate limiter is not available.', cause: reason });
  };

  const allow = (): RateLimitResult => ({ remaining: Number.POSITIVE_INFINITY, resetSeconds: 0 });
  const summarise = (results: RateLimiterRes[]): RateLimitResult => {
    let tightest = results[0] as RateLimiterRes;
    for (const result of results) if (result.remainingPoints < tightest.remainingPoints) tightest = result;
    return { remaining: tightest.remainingPoints, resetSeconds: Math.ceil(tightest.msBeforeNext / 1000) };
  };

  const toResult = (result: RateLimiterRes): RateLimitResult => ({
    remaining: result.remainingPoints,
    resetSeconds: Math.ceil(result.msBeforeNext / 1000),
  });

  const consumeMany = async (name: string, keys: RateLimitKeys, points: number): Promise<RateLimitResult> => {
    const list = targets(policyOf(name), keys);
    // Every attempt-counting dimension counts the attempt even when another refuses it: the attempt did happen.
    // Failure-counting dimensions are only read: an exhausted one refuses, a success never costs them anything.
    const settled = await Promise.allSettled(
      list.map(({ limiter, key, countsFailures }) =>
        countsFailures ? limiter.get(key).then((state) => exhausted(limiter, state)) : limiter.consume(key, points),
      ),
    );
    let wait = -1;
    const states: RateLimiterRes[] = [];
    for (const outcome of settled) {
      if (outcome.status === 'rejected') {
        if (!(outcome.reason instanceof RateLimiterRes)) onRejected(name, outcome.reason);
        else wait = Math.max(wait, outcome.reason.msBeforeNext);
      } else if (outcome.value !== null) states.push(outcome.value);
    }
    if (wait >= 0) throw refuse(name, wait);
    if (states.length === 0)
      return { remaining: Math.min(...list.map(({ limiter }) => limiter.points)), resetSeconds: 0 };
    return summarise(states);
  };

  /** A failure counter's state, or a rejection (as `consume` would reject) when it has no points left. */
  const exhausted = (limiter: RateLimiterAbstract, state: RateLimiterRes | null): RateLimiterRes | null => {
    if (state !== null && state.consumedPoints >= limiter.points) throw state;
    return state;
  };

  return {
    enabled,
    store: store.type,
    policies: merged,

    consume(name, keys, points = 1) {
      if (!enabled) return Promise.resolve(allow());
      const policy = compiled.get(name);
      const single = policy?.dimensions.length === 1 ? (policy.dimensions[0] as DimensionLimiter) : undefined;
      if (single && !single.countsFailures && keys[single.dimension] !== undefined) {
        // The hot path (every API request): one limiter, no async frame and no Promise.all. It must stay within
        // 1.2x of a bare RateLimiterMemory.consume (see security.bench.ts).
        let key: string;
        try {
          key = storeKey(single.dimension, keys[single.dimension] as string);
        } catch (error) {
          return Promise.reject(error);
        }
        return single.limiter.consume(key, points).then(toResult, (policy as CompiledPolicy).rejected);
      }
      return consumeMany(name, keys, points);
    },
    async penalty(name, keys, points = 1) {
      if (!enabled) return;
      const list = targets(policyOf(name), keys);
      await Promise.all(list.map(({ limiter, key }) => limiter.penalty(key, points)));
    },

    async reward(name, keys, points = 1) {
      if (!enabled) return;
      const list = targets(policyOf(name), keys);
      await Promise.all(list.map(({ limiter, key }) => limiter.reward(key, points)));
    },

    async check(name, keys) {
      if (!enabled) return allow();
      const policy = policyOf(name);
      const list = targets(policy, keys);
      const states = await Promise.all(list.map(({ limiter, key }) => limiter.get(key)));
      let wait = -1;
      const current: RateLimiterRes[] = [];
      states.forEach((state, index) => {
        const limiter = (list[index] as { limiter: RateLimiterAbstract }).limiter;
        if (state === null) return;
        // A blocked or exhausted key: the next consume would be refused.
        if (state.consumedPoints >= limiter.points) wait = Math.max(wait, state.msBeforeNext);
        current.push(state);
      });
      if (wait >= 0) throw refuse(name, wait);
      if (current.length === 0) {
        const loosest = Math.min(...list.map(({ limiter }) => limiter.points));
        return { remaining: loosest, resetSeconds: 0 };
      }
      return summarise(current);
    },

    async recordFailure(name, keys) {
      const policy = policyOf(name);
      if (!policy.lockout || !policy.failures) {
        throw new TypeError(`rate limiter: policy "${name}" has no lockout rule`);
      }
      if (!enabled) return { failures: 0, lockedSeconds: 0 };
      if (keys.account === undefined) throw new TypeError('rate limiter: recordFailure needs an account key');
      const key = storeKey('account', keys.account);
      // Failure-counting dimensions given in `keys` (the client IP, say) count this failure too.
      const others = policy.dimensions
        .filter(({ countsFailures, dimension }) => countsFailures && keys[dimension] !== undefined)
        .map(({ limiter, dimension }) => limiter.penalty(storeKey(dimension, keys[dimension] as string), 1));
      const [counted] = await Promise.all([policy.failures.penalty(key, 1), Promise.all(others)]);
      const failures = counted.consumedPoints;
      const lockedSeconds = lockoutSeconds(failures, policy.lockout);
      const accountLimiter = policy.byDimension.account;
      if (lockedSeconds > 0 && accountLimiter) {
        // The lock is a block on the account's own limit, so `consume` refuses it with no extra round trip.
        await accountLimiter.block(key, lockedSeconds);
      }
      return { failures, lockedSeconds };
    },

    async recordSuccess(name, keys) {
      if (!enabled) return;
      const policy = policyOf(name);
      const work: Promise<unknown>[] = [];
      if (keys.account !== undefined) {
        const key = storeKey('account', keys.account);
        if (policy.failures) work.push(policy.failures.delete(key));
        const accountLimiter = policy.byDimension.account;
        if (accountLimiter) {
          // Give the attempt back only when one was counted and no lock is on: a success must never earn credit
          // beyond the limit, nor shorten a lock.
          work.push(
            accountLimiter.get(key).then((state) => {
              if (state && state.consumedPoints > 0 && state.consumedPoints <= accountLimiter.points)
                return accountLimiter.reward(key, 1);
              return undefined;
            }),
          );
        }
      }
      await Promise.all(work);
    },

    async resetAccount(account) {
      const work: Promise<unknown>[] = [];
      for (const policy of compiled.values()) {
        const accountLimiter = policy.byDimension.account;
        if (!accountLimiter && !policy.failures) continue;
        const key = storeKey('account', account);
        if (accountLimiter) work.push(accountLimiter.delete(key));
        if (policy.failures) work.push(policy.failures.delete(key));
      }
      await Promise.all(work);
    },

    async reset(name, keys) {
      const list = targets(policyOf(name), keys);
      await Promise.all(list.map(({ limiter, key }) => limiter.delete(key)));
    },
  };
}
