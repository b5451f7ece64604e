import type { TrustedProxies } from './client-address.ts';
import type { FieldEncryption } from './field-encryption.ts';
import type { PasswordPolicy, PasswordPolicyOptions } from './password-policy.ts';
import type { RateLimiter } from './rate-limit/limiter.ts';
import type { RateLimitPolicy } from './rate-limit/policies.ts';

/** Token helpers for reset links, verification codes and API keys (`security.tokens`). */
export interface TokenService {
  /** A random base64url token of `bytes` random bytes (default 32). */
  generate(bytes?: number): string;
  /** SHA-256 of a token, for storing it at rest. */
  hash(token: string): string;
  /** True when `token` hashes to `storedHash` (constant time). */
  verify(token: string, storedHash: string): boolean;
  /** Constant-time comparison of two secrets of any length. */
  equal(a: string, b: string): boolean;
}

/**
 * The service the security plugin provides as `security`: what the auth plugin and the SvelteKit handle build on.
 * Other domains import this type only.
 */
export interface SecurityService {
  rateLimiter: RateLimiter;
  passwordPolicy: PasswordPolicy;
  /** Field encryption, or `undefined` when FIELD_ENCRYPTION_KEY is not set. */
  encryption: FieldEncryption | undefined;
  tokens: TokenService;
  /** TRUSTED_PROXIES, parsed. */
  trustedProxies: TrustedProxies;
  /** The client IP of a request, honouring X-Forwarded-For only from trusted proxies (see `clientAddress`). */
  clientAddress(getClientAddress: () => string, headers: Headers): string;
}

/** Options of `securityPlugin` (configuration values go through env/config as usual). */
export interface SecurityPluginOptions {
  /** Rate-limit policies added to, or replacing, the defaults by name. */
  rateLimitPolicies?: Record<string, RateLimitPolicy>;
  /** Password-policy settings other than the breach check (which is BREACHED_PASSWORD_CHECK). */
  passwordPolicy?: Omit<PasswordPolicyOptions, 'breachedCheck'>;
  /** Keep rate limits in memory even when REDIS_URL is set (single node, tests). @default false */
  memoryRateLimits?: boolean;
  /** How long start-up waits for Redis before carrying on with the in-memory fallback. @default 2000 */
  redisConnectTimeoutMs?: number;
}
