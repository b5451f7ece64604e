import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseConfig, resolveCoreConfig, type EnvRecord } from '../core/config.ts';
import { isSDKError } from '../core/errors.ts';
import { EventBus } from '../core/events.ts';
import type { SDKEvents } from '../core/event-map.ts';
import { createLogger } from '../core/logger.ts';
import type { PluginContext, ServerPlugin } from '../core/plugin.ts';
import { securityConfigSchema, securityPlugin, type SecurityConfig } from './plugin.ts';
import type { SecurityService } from './types.ts';

const REDIS_URL = process.env.SV_SDK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Sets the plugin up the way createSDK does (config slice parsed from env), with a logger we can read back. */
async function setUp(
  env: EnvRecord,
  plugin: ServerPlugin<SecurityConfig> = securityPlugin({ redisConnectTimeoutMs: 500 }),
) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const provided = new Map<string, unknown>();
  const ctx = {
    config: resolveCoreConfig(env),
    pluginConfig: parseConfig(securityConfigSchema, env, {}, 'security'),
    env,
    logger,
    events: new EventBus<SDKEvents>(logger),
    provide: (name: string, service: unknown) => provided.set(name, service),
    use: () => {
      throw new Error('security uses no other service');
    },
  } as unknown as PluginContext<SecurityConfig>;
  await plugin.setup(ctx);
  return { plugin, service: provided.get('security') as SecurityService, lines, output: () => JSON.stringify(lines) };
}

const key = () => randomBytes(32).toString('base64');

describe('securityPlugin', () => {
  it('provides the security service in memory mode with limits on by default', async () => {
    const { plugin, service } = await setUp({ NODE_ENV: 'development' });
    expect(plugin.name).toBe('security');
    expect(plugin.dependsOn ?? []).toEqual([]);
    expect(service.rateLimiter).toMatchObject({ enabled: true, store: 'memory' });
    expect(service.encryption).toBeUndefined();
    const token = service.tokens.generate();
    expect(service.tokens.verify(token, service.tokens.hash(token))).toBe(true);
    expect(service.tokens.equal('a', 'a')).toBe(true);
    expect(await plugin.health?.()).toEqual({ status: 'up', details: { rateLimitStore: 'memory' } });
    await plugin.stop?.();
  });

  it('turns limits off with RATE_LIMIT_ENABLED=false and warns when that happens in production', async () => {
    const test = await setUp({ NODE_ENV: 'test', RATE_LIMIT_ENABLED: 'false' });
    expect(test.service.rateLimiter.enabled).toBe(false);
    const production = await setUp({ NODE_ENV: 'production', RATE_LIMIT_ENABLED: '0' });
    expect(production.output()).toContain('RATE_LIMIT_ENABLED=false in production');
  });

  it('uses Redis when REDIS_URL is set, reports up, and closes its connection on stop', async () => {
    const { plugin, service } = await setUp({
      NODE_ENV: 'development',
      REDIS_URL,
      REDIS_KEY_PREFIX: `sv-sdk-test-${randomBytes(4).toString('hex')}`,
    });
    expect(service.rateLimiter.store).toBe('redis');
    expect(await plugin.health?.()).toEqual({ status: 'up', details: { rateLimitStore: 'redis' } });
    await service.rateLimiter.consume('api', { client: 'plugin-test' });
    await service.rateLimiter.reset('api', { client: 'plugin-test' });
    await plugin.stop?.();
    // Stopped: no connection left to report on.
    expect(await plugin.health?.()).toEqual({ status: 'up', details: { rateLimitStore: 'memory' } });
  });

  it('starts with Redis down, reports degraded, and keeps limiting in memory', async () => {
    const { plugin, service, output } = await setUp({ NODE_ENV: 'production', REDIS_URL: 'redis://127.0.0.1:1' });
    expect(service.rateLimiter.store).toBe('redis');
    expect(await plugin.health?.()).toMatchObject({
      status: 'degraded',
      details: { rateLimitStore: 'memory-fallback' },
    });
    for (let i = 0; i < 30; i += 1) await service.rateLimiter.consume('sign-up', { ip: '192.0.2.10' });
    await expect(service.rateLimiter.consume('sign-up', { ip: '192.0.2.10' })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    expect(output()).toContain('in-memory fallback');
    await plugin.stop?.();
  });

  it('builds field encryption from FIELD_ENCRYPTION_KEY, old keys and the index key', async () => {
    const oldKey = key();
    const before = await setUp({ NODE_ENV: 'production', FIELD_ENCRYPTION_KEY: `k1:${oldKey}` });
    const legacy = before.service.encryption?.encrypt('555-0100', 'row-1') ?? '';
    const current = key();
    const { service, output } = await setUp({
      NODE_ENV: 'production',
      FIELD_ENCRYPTION_KEY: `k2:${current}`,
      FIELD_ENCRYPTION_KEYS_OLD: `k1:${oldKey}`,
      FIELD_INDEX_KEY: key(),
    });
    const encryption = service.encryption;
    expect(encryption?.currentKeyId).toBe('k2');
    expect(encryption?.decrypt(legacy, 'row-1')).toBe('555-0100');
    expect(encryption?.needsReencryption(legacy)).toBe(true);
    expect(encryption?.hmacIndex('a@example.com')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Keys never reach the log.
    expect(output()).not.toContain(current);
    expect(output()).not.toContain(oldKey);
  });

  it('allows production without an encryption key but warns', async () => {
    const { service, output } = await setUp({ NODE_ENV: 'production' });
    expect(service.encryption).toBeUndefined();
    expect(output()).toContain('FIELD_ENCRYPTION_KEY is not set');
  });

  it('refuses malformed keys and proxies with CONFIG_INVALID naming the variable, never the value', () => {
    const bad: EnvRecord[] = [
      { FIELD_ENCRYPTION_KEY: randomBytes(16).toString('base64') },
      { FIELD_ENCRYPTION_KEY: 'hunter2-not-a-key' },
      { FIELD_ENCRYPTION_KEY: key(), FIELD_ENCRYPTION_KEYS_OLD: 'old:tooshort' },
      { FIELD_INDEX_KEY: 'abc' },
      { TRUSTED_PROXIES: '10.0.0.0/99' },
      { BREACHED_PASSWORD_CHECK: 'sometimes' },
      { RATE_LIMIT_ENABLED: 'perhaps' },
    ];
    for (const env of bad) {
      const variable = Object.keys(env).at(-1) as string;
      try {
        parseConfig(securityConfigSchema, env, {}, 'security');
        throw new Error(`accepted ${JSON.stringify(env)}`);
      } catch (error) {
        expect(isSDKError(error, 'CONFIG_INVALID'), String(error)).toBe(true);
        const message = (error as Error).message;
        expect(message).toContain(`[security]`);
        expect(message).toContain(variable);
        expect(message).not.toContain(env[variable] as string);
      }
    }
  });

  it('honours TRUSTED_PROXIES in clientAddress', async () => {
    const { service } = await setUp({ TRUSTED_PROXIES: 'loopback' });
    const headers = new Headers({ 'x-forwarded-for': '203.0.113.5' });
    expect(service.clientAddress(() => '127.0.0.1', headers)).toBe('203.0.113.5');
    expect(service.clientAddress(() => '198.51.100.1', headers)).toBe('198.51.100.1');
  });
});
