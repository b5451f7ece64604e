// createSDK's lifecycle with stand-in foundation plugins (the real ones are tested in their domains and by
// @sv-sdk/kit/testing): order, failure clean-up, services, config slices, health and shutdown.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Cache } from '../cache/types.ts';
import type { Database } from '../db/types.ts';
import type { JobQueue } from '../jobs/types.ts';
import { isSDKError } from './errors.ts';
import { createLogger } from './logger.ts';
import type { ServerPlugin } from './plugin.ts';
import { createSDK } from './sdk.ts';

function standIns(
  log: string[],
  overrides: Partial<Record<'db' | 'cache' | 'jobs', Partial<ServerPlugin>>> = {},
): ServerPlugin<never>[] {
  const make = (name: 'db' | 'cache' | 'jobs', dependsOn: string[]): ServerPlugin<never> => ({
    name,
    dependsOn,
    setup(ctx) {
      log.push(`setup:${name}`);
      ctx.provide(name, { kind: `fake-${name}` } as unknown as Database & Cache & JobQueue);
    },
    start() {
      log.push(`start:${name}`);
    },
    stop() {
      log.push(`stop:${name}`);
    },
    health: () => ({ status: 'up' }),
    ...overrides[name],
  });
  return [make('jobs', ['db']), make('cache', []), make('db', [])];
}

const quiet = { logger: createLogger({ level: 'silent' }), env: {} };

describe('createSDK', () => {
  it('sets up and starts plugins in dependency order and stops them in reverse', async () => {
    const log: string[] = [];
    const sdk = await createSDK({ ...quiet, plugins: standIns(log) });
    expect(sdk.plugins).toEqual(['db', 'jobs', 'cache']);
    expect(log).toEqual(['setup:db', 'setup:jobs', 'setup:cache', 'start:db', 'start:jobs', 'start:cache']);
    expect((sdk.db as unknown as { kind: string }).kind).toBe('fake-db');
    log.length = 0;
    await sdk.close();
    await sdk.close(); // idempotent
    expect(log).toEqual(['stop:cache', 'stop:jobs', 'stop:db']);
  });

  it('stops what had started when a later plugin fails to start, and rethrows', async () => {
    const log: string[] = [];
    const failing: ServerPlugin<never> = {
      name: 'audit',
      dependsOn: ['db'],
      setup: () => void log.push('setup:audit'),
      start() {
        throw new Error('audit cannot start');
      },
    };
    await expect(createSDK({ ...quiet, plugins: [...standIns(log), failing] })).rejects.toThrow('audit cannot start');
    expect(log.filter((line) => line.startsWith('stop:'))).toEqual(['stop:cache', 'stop:jobs', 'stop:db']);
  });

  it('refuses a plugin whose dependency is missing, naming both', async () => {
    const orphan: ServerPlugin<never> = { name: 'email', dependsOn: ['templates'], setup() {} };
    await expect(createSDK({ ...quiet, plugins: [...standIns([]), orphan] })).rejects.toThrow(
      'Plugin "email" depends on "templates", which is not installed.',
    );
  });

  it('parses a plugin config slice from the same env and names bad variables', async () => {
    let seen: unknown;
    const plugin: ServerPlugin<{ EMAIL_FROM: string }> = {
      name: 'mailer',
      config: z.object({ EMAIL_FROM: z.email() }),
      setup(ctx) {
        seen = ctx.pluginConfig;
      },
    };
    const sdk = await createSDK({
      ...quiet,
      env: { EMAIL_FROM: 'team@example.com' },
      plugins: [...standIns([]), plugin as ServerPlugin<never>],
    });
    expect(seen).toEqual({ EMAIL_FROM: 'team@example.com' });
    await sdk.close();
    const failure = await createSDK({
      ...quiet,
      env: { EMAIL_FROM: 'not-an-email' },
      plugins: [...standIns([]), plugin as ServerPlugin<never>],
    }).catch((error: unknown) => error);
    expect(isSDKError(failure, 'CONFIG_INVALID')).toBe(true);
    expect((failure as Error).message).toContain('[mailer]');
    expect((failure as Error).message).toContain('EMAIL_FROM');
  });

  it('tells a plugin that uses a service nobody provides what to do', async () => {
    const greedy: ServerPlugin<never> = {
      name: 'greedy',
      setup(ctx) {
        ctx.use('db');
        (ctx as unknown as { use(name: string): unknown }).use('permissions');
      },
    };
    await expect(createSDK({ ...quiet, plugins: [...standIns([]), greedy] })).rejects.toThrow(
      /service "permissions" is not available/,
    );
  });

  it('aggregates health: a degraded plugin degrades, a hanging one is down', async () => {
    const sdk = await createSDK({
      ...quiet,
      healthTimeoutMs: 50,
      plugins: standIns([], {
        cache: { health: () => ({ status: 'degraded', message: 'redis unreachable' }) },
      }),
    });
    expect((await sdk.health()).status).toBe('degraded');
    await sdk.close();

    const hanging = await createSDK({
      ...quiet,
      healthTimeoutMs: 50,
      plugins: standIns([], { jobs: { health: () => new Promise(() => {}) } }),
    });
    const report = await hanging.health();
    expect(report.status).toBe('down');
    expect(report.checks.jobs?.status).toBe('down');
    await hanging.close();
    expect((await hanging.health()).status).toBe('down');
  });

  it('answers health from the last report while a check hangs, and reports the change once the checks answer', async () => {
    let mode: 'up' | 'hang' = 'up';
    const sdk = await createSDK({
      ...quiet,
      healthTimeoutMs: 400,
      healthCacheMs: 50,
      plugins: standIns([], {
        cache: { health: () => (mode === 'hang' ? new Promise(() => {}) : { status: 'up' }) },
      }),
    });
    try {
      const first = await sdk.health();
      expect(first.status).toBe('ok');
      expect(await sdk.health()).toBe(first); // within healthCacheMs: the same report
      mode = 'hang';
      await new Promise((done) => setTimeout(done, 60));
      // The refresh waits on the hanging check: the caller gets the last report instead of waiting 400 ms.
      expect(await sdk.health()).toBe(first);
      // Once the deadline passed, the refresh is in: down.
      await new Promise((done) => setTimeout(done, 450));
      expect((await sdk.health()).status).toBe('down');
      mode = 'up';
      // A refresh still waiting on the hanging check runs to its deadline; the first one after it sees the recovery.
      const recovered = Date.now();
      while ((await sdk.health()).status !== 'ok') {
        expect(Date.now() - recovered).toBeLessThan(2000);
        await new Promise((done) => setTimeout(done, 20));
      }
      // `fresh` always runs the checks.
      expect(await sdk.health({ fresh: true })).not.toBe(await sdk.health({ fresh: true }));
    } finally {
      await sdk.close();
    }
  });

  it('gives up on a plugin that does not stop within SHUTDOWN_TIMEOUT_MS and still stops the others', async () => {
    const log: string[] = [];
    const sdk = await createSDK({
      ...quiet,
      config: { SHUTDOWN_TIMEOUT_MS: 200 },
      plugins: standIns(log, { cache: { stop: () => new Promise(() => {}) } }),
    });
    const started = Date.now();
    await sdk.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(log).toContain('stop:db');
  });

  it('emits sdk.stopping before stopping plugins', async () => {
    const log: string[] = [];
    const sdk = await createSDK({ ...quiet, plugins: standIns(log) });
    sdk.events.on('sdk.stopping', ({ reason }) => void log.push(`stopping:${reason}`));
    await sdk.close('test over');
    expect(log.indexOf('stopping:test over')).toBeLessThan(log.indexOf('stop:cache'));
  });
});
