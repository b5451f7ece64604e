export {
  createRateLimiter,
  type FailureResult,
  type RateLimiter,
  type RateLimiterOptions,
  type RateLimiterStore,
  type RateLimitKeys,
  type RateLimitPolicyName,
  type RateLimitResult,
} from './limiter.ts';
export {
  DEFAULT_LOCKOUT,
  DEFAULT_RATE_LIMIT_POLICIES,
  lockoutSeconds,
  type DefaultRateLimitPolicyName,
  type LockoutRule,
  type RateLimitDimension,
  type RateLimitPolicy,
  type RateLimitRule,
} from './policies.ts';
