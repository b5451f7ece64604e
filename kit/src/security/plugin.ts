import { Redis } from 'ioredis';
import { z } from 'zod';
import { parseConfig } from '../core/config.ts';
import type { HealthCheckResult } from '../core/health.ts';
import { logThrottleOf } from '../core/log-throttle.ts';
import type { Logger } from '../core/logger.ts';
import type { PluginContext, ServerPlugin } from '../core/plugin.ts';
import { reconnectDelayMs } from '../core/reconnect.ts';
import { clientAddress, parseTrustedProxies } from './client-address.ts';
import {
  createFieldEncryption,
  parseEncryptionKey,
  parseEncryptionKeyList,
  parseIndexKey,
  type FieldEncryption,
} from './field-encryption.ts';
import { createPasswordPolicy } from './password-policy.ts';
import { createRateLimiter } from './rate-limit/limiter.ts';
import { constantTimeEqual, generateToken, hashToken, verifyToken } from './secrets.ts';
import type { SecurityPluginOptions, SecurityService } from './types.ts';

const booleanFromEnv = z.union([
  z.boolean(),
  z.stringbool({ truthy: ['true', '1', 'yes', 'on'], falsy: ['false', '0', 'no', 'off', ''] }),
]);
/** True when `parse` accepts the value; the parse functions' own errors never reach zod (they would carry no path). */
const accepts = (parse: (value: string) => unknown) => (value: string) => {
  try {
    parse(value);
    return true;
  } catch {
    return false;
  }
};
const KEY_HINT =
  'expected 32 random bytes in base64, optionally prefixed with "kid:" (generate with: openssl rand -base64 32)';

/**
 * The security plugin's configuration slice; names as in `.env.example`.
 * @example parseConfig(securityConfigSchema, process.env, {}, 'security').RATE_LIMIT_ENABLED // true
 */
export const securityConfigSchema = z.object({
  /** Rate limits on (default) or off; unit tests turn them off. */
  RATE_LIMIT_ENABLED: booleanFromEnv.default(true),
  /** Current field-encryption key: `base64` or `kid:base64`, 32 bytes. Unset: encryption off. */
  FIELD_ENCRYPTION_KEY: z
    .string()
    .refine(
      accepts((value) => parseEncryptionKey(value, 'FIELD_ENCRYPTION_KEY')),
      KEY_HINT,
    )
    .optional(),
  /** Former keys still accepted for decryption: comma-separated `kid:base64`. */
  FIELD_ENCRYPTION_KEYS_OLD: z
    .string()
    .refine(
      accepts((value) => parseEncryptionKeyList(value, 'FIELD_ENCRYPTION_KEYS_OLD')),
      `a comma-separated list of keys: ${KEY_HINT}`,
    )
    .optional(),
  /** Key of the blind index (HMAC) of encrypted columns; never rotate it without rebuilding the indexes. */
  FIELD_INDEX_KEY: z
    .string()
    .refine(
      accepts((value) => parseIndexKey(value, 'FIELD_INDEX_KEY')),
      'expected 32 random bytes in base64',
    )
    .optional(),
  /** Proxies whose X-Forwarded-For is believed: CIDRs, addresses, or loopback/private/linklocal. Unset: none. */
  TRUSTED_PROXIES: z
    .string()
    .refine(
      accepts((value) => parseTrustedProxies(value)),
      'expected comma-separated IP addresses or CIDR ranges, or loopback, private, linklocal',
    )
    .optional(),
  /** `offline`: the bundled list of common passwords; `online`: also the Pwned Passwords range API. */
  BREACHED_PASSWORD_CHECK: z.enum(['offline', 'online']).default('offline'),
  PWNED_PASSWORDS_URL: z.url({ protocol: /^https?$/ }).default('https://api.pwnedpasswords.com'),
  PWNED_PASSWORDS_TIMEOUT_MS: z.coerce.number().int().min(100).max(10_000).default(1500),
});

export type SecurityConfig = z.output<typeof securityConfigSchema>;

/**
 * The `security` server plugin: rate limiting (memory, or Redis when REDIS_URL is set, with an in-memory fallback),
 * the password policy, field encryption and token helpers, provided as the `security` service. It opens its own
 * Redis connection for the limiter (no dependency on the cache plugin), reports `degraded` while Redis is
 * unreachable, and closes the connection on stop.
 * @example await createSDK({ plugins: [securityPlugin()] }); sdk.service('security').rateLimiter.consume(…)
 */
export function securityPlugin(options: SecurityPluginOptions = {}): ServerPlugin<SecurityConfig> {
  let redis: Redis | undefined;
  let logger: Logger | undefined;

  return {
    name: 'security',
    config: securityConfigSchema,
    async setup(ctx: PluginContext<SecurityConfig>) {
      logger = ctx.logger;
      // Already parsed by createSDK; parsed again so a plugin set up by hand (tests) gets the same defaults and errors.
      const config = parseConfig(securityConfigSchema, {}, { ...(ctx.pluginConfig ?? {}) }, 'security');
      const production = ctx.config.NODE_ENV === 'production';

      const encryption = buildEncryption(config, production, ctx.logger);
      const trustedProxies = parseTrustedProxies(config.TRUSTED_PROXIES);

      if (ctx.config.REDIS_URL && !options.memoryRateLimits && config.RATE_LIMIT_ENABLED) {
        redis = new Redis(ctx.config.REDIS_URL, {
          lazyConnect: true,
          // Commands fail at once while disconnected, so the limiter's in-memory insurance answers without delay.
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          retryStrategy: (times) => reconnectDelayMs(times),
          connectionName: `${ctx.config.REDIS_KEY_PREFIX}:security`,
        });
        // ioredis emits on every reconnect attempt: the core throttle writes one line per 10 s, then the recovery.
        const redisErrors = logThrottleOf(ctx.logger);
        redis.on('error', (error: unknown) =>
          redisErrors.log(
            'rate-limit-redis',
            'warn',
            { err: error },
            'Rate-limit Redis unreachable: limits are counted per process until it is back.',
          ),
        );
        redis.on('ready', () => redisErrors.recovered('rate-limit-redis', 'Rate-limit Redis reachable again.'));
        await connectWithin(redis, options.redisConnectTimeoutMs ?? 2000).catch(() => {
          ctx.logger.warn('Rate-limit Redis did not answer at start-up; using the in-memory fallback until it does.');
        });
      }
      if (!config.RATE_LIMIT_ENABLED && production) {
        ctx.logger.warn('RATE_LIMIT_ENABLED=false in production: sign-in, sign-up and reset are not rate limited.');
      }

      const rateLimiter = createRateLimiter({
        enabled: config.RATE_LIMIT_ENABLED,
        store: redis ? { type: 'redis', client: redis } : { type: 'memory' },
        keyPrefix: ctx.config.REDIS_KEY_PREFIX,
        policies: options.rateLimitPolicies,
        onStoreError: (error) =>
          logThrottleOf(ctx.logger).log('rate-limit-store', 'error', { err: error }, 'rate limiter store failed'),
      });
      const passwordPolicy = createPasswordPolicy({
        ...options.passwordPolicy,
        breachedCheck: config.BREACHED_PASSWORD_CHECK,
        pwned: {
          baseUrl: config.PWNED_PASSWORDS_URL,
          timeoutMs: config.PWNED_PASSWORDS_TIMEOUT_MS,
          ...options.passwordPolicy?.pwned,
        },
      });

      const service: SecurityService = {
        rateLimiter,
        passwordPolicy,
        encryption,
        tokens: { generate: generateToken, hash: hashToken, verify: verifyToken, equal: constantTimeEqual },
        trustedProxies,
        clientAddress: (getClientAddress, headers) => clientAddress(getClientAddress, headers, trustedProxies),
      };
      // `security` joins the Services registry in core/services.ts; until then the name is outside its keys.
      ctx.provide('security', service);
    },
    async stop() {
      const client = redis;
      redis = undefined;
      if (!client) return;
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
      logger?.debug('rate-limit Redis closed');
    },
    async health(): Promise<HealthCheckResult> {
      if (!redis) return { status: 'up', details: { rateLimitStore: 'memory' } };
      try {
        // Not connected: no PING that would wait for a reconnect (readiness must answer at once).
        if (redis.status !== 'ready') throw new Error(redis.status);
        await redis.ping();
        return { status: 'up', details: { rateLimitStore: 'redis' } };
      } catch {
        return {
          status: 'degraded',
          message: 'Redis is unreachable: rate limits are counted per process until it is back.',
          details: { rateLimitStore: 'memory-fallback' },
        };
      }
    },
  };
}

function buildEncryption(config: SecurityConfig, production: boolean, logger: Logger): FieldEncryption | undefined {
  if (!config.FIELD_ENCRYPTION_KEY) {
    if (config.FIELD_ENCRYPTION_KEYS_OLD) {
      logger.warn('FIELD_ENCRYPTION_KEYS_OLD is set without FIELD_ENCRYPTION_KEY: field encryption stays off.');
    }
    if (production) logger.warn('FIELD_ENCRYPTION_KEY is not set: field-level encryption of PII columns is off.');
    return undefined;
  }
  return createFieldEncryption({
    current: parseEncryptionKey(config.FIELD_ENCRYPTION_KEY, 'FIELD_ENCRYPTION_KEY'),
    previous: config.FIELD_ENCRYPTION_KEYS_OLD
      ? parseEncryptionKeyList(config.FIELD_ENCRYPTION_KEYS_OLD, 'FIELD_ENCRYPTION_KEYS_OLD')
      : [],
    indexKey: config.FIELD_INDEX_KEY ? parseIndexKey(config.FIELD_INDEX_KEY, 'FIELD_INDEX_KEY') : undefined,
  });
}

async function connectWithin(client: Redis, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
