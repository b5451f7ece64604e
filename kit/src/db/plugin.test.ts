import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { EMBEDDED_MIGRATIONS } from './migrations/embedded.generated.ts';
import { resolveCoreConfig, type CoreConfigInput } from '../core/config.ts';
import { EventBus } from '../core/events.ts';
import type { SDKEvents } from '../core/event-map.ts';
import { createLogger } from '../core/logger.ts';
import type { PluginContext } from '../core/plugin.ts';
import type { Services } from '../core/services.ts';
import { createTestDatabase } from '../testing/database.ts';
import { dbPlugin } from './plugin.ts';

/** A plugin context like createSDK's, with the log lines kept for assertions. */
function context(config: Partial<CoreConfigInput>) {
  const lines: { level: number; msg: string }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const services = new Map<string, unknown>();
  const ctx: PluginContext = {
    config: resolveCoreConfig({}, { NODE_ENV: 'test', SV_SDK_DATA_DIR: 'memory://', ...config }),
    pluginConfig: undefined,
    env: {},
    logger,
    events: new EventBus<SDKEvents>(logger),
    provide(name, service) {
      services.set(name, service);
    },
    use<K extends keyof Services>(name: K): Services[K] {
      return services.get(name) as Services[K];
    },
  };
  const warnings = () => lines.filter((line) => line.level === 40).map((line) => line.msg);
  return { ctx, warnings };
}

describe('dbPlugin', () => {
  it('opens the configured database, provides it, migrates on start, reports health and closes on stop', async () => {
    const plugin = dbPlugin();
    const { ctx, warnings } = context({});
    expect(ctx.config.DB_MIGRATE_ON_START).toBe(true);
    await plugin.setup(ctx);
    const db = ctx.use('db');
    expect(db.driver).toBe('pglite');
    await plugin.start?.(ctx);
    expect(await db.query(sql`select count(*) as n from sv_sdk.migrations`)).toEqual([
      { n: EMBEDDED_MIGRATIONS.length },
    ]);
    const health = await plugin.health?.();
    expect(health?.status).toBe('up');
    expect(health?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(warnings()).toEqual([]);
    await plugin.stop?.();
    expect((await db.health()).status).toBe('down');
    expect((await plugin.health?.())?.status).toBe('down');
  });

  it('without DB_MIGRATE_ON_START, pending migrations are a warning and a degraded health until migrated', async () => {
    const database = await createTestDatabase({ db: 'pglite', migrate: false });
    const plugin = dbPlugin({ database });
    const { ctx, warnings } = context({ DB_MIGRATE_ON_START: false });
    await plugin.setup(ctx);
    await plugin.start?.(ctx);
    expect(warnings().join('\n')).toMatch(
      new RegExp(`${EMBEDDED_MIGRATIONS.length} pending migration\\(s\\): run \`sv-sdk db migrate\``),
    );
    expect(await plugin.health?.()).toMatchObject({
      status: 'degraded',
      message: expect.stringContaining('sv-sdk db migrate'),
    });
    expect(await database.query(sql`select to_regclass('sv_sdk.jobs')::text as t`)).toEqual([{ t: null }]);
    await database.migrate();
    expect((await plugin.health?.())?.status).toBe('up');
    await plugin.stop?.();
    expect((await database.health()).status).toBe('down');
  });

  it('takes a database factory and owns what it returns', async () => {
    let made = 0;
    const plugin = dbPlugin({
      database: async () => {
        made++;
        return createTestDatabase({ db: 'pglite' });
      },
    });
    const { ctx, warnings } = context({ DB_MIGRATE_ON_START: false });
    await plugin.setup(ctx);
    await plugin.start?.(ctx);
    expect(made).toBe(1);
    expect(warnings()).toEqual([]);
    expect((await plugin.health?.())?.status).toBe('up');
    const db = ctx.use('db');
    await plugin.stop?.();
    expect((await db.health()).status).toBe('down');
  });

  it('warns when production runs on the embedded database', async () => {
    const plugin = dbPlugin({ database: () => createTestDatabase({ db: 'pglite' }) });
    const { ctx, warnings } = context({ NODE_ENV: 'production' });
    await plugin.setup(ctx);
    expect(warnings().join('\n')).toMatch(/production on the embedded PGlite database.*DATABASE_URL/);
    await plugin.stop?.();
  });
});
