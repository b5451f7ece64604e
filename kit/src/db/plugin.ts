import type { Logger } from '../core/logger.ts';
import type { HealthCheckResult } from '../core/health.ts';
import type { ServerPlugin } from '../core/plugin.ts';
import { createDatabase } from './create-database.ts';
import { migrationStatus } from './migrations/runner.ts';
import type { Database } from './types.ts';

export interface DbPluginOptions {
  /**
   * A database to use instead of opening one from the configuration (tests pass a prepared, migrated one). The
   * plugin owns it: it is closed when the SDK closes.
   */
  database?: Database | (() => Promise<Database>);
  /** Folder of drizzle-kit migrations. @default the kit's own `migrations/` */
  migrationsFolder?: string;
}

/**
 * The `db` foundation plugin: opens the database the configuration asks for (`DATABASE_URL` → PostgreSQL, else
 * PGlite), provides it as the `db` service, migrates at start when `DB_MIGRATE_ON_START` (otherwise warns about
 * pending migrations and reports `degraded`), checks it with `select 1` and closes it on stop.
 * @example await createSDK({ plugins: [dbPlugin({ database: await createTestDatabase() })] });
 */
export function dbPlugin(options: DbPluginOptions = {}): ServerPlugin {
  let database: Database | undefined;
  let logger: Logger | undefined;
  /** Why the schema is not current (pending migrations, or a status that could not be read); shown by health(). */
  let schemaProblem: string | undefined;

  return {
    name: 'db',
    async setup(ctx) {
      logger = ctx.logger;
      const given = options.database;
      database =
        typeof given === 'function'
          ? await given()
          : (given ?? (await createDatabase(ctx.config, ctx.logger, { migrationsFolder: options.migrationsFolder })));
      ctx.provide('db', database);
      const db = database;
      // An event emitted inside a transaction: each sync listener in a savepoint of it (see EventBus.setListenerScope).
      ctx.events.setListenerScope((run) => (db.inTransaction() ? db.transaction(run) : run()));
      if (ctx.config.NODE_ENV === 'production' && database.driver === 'pglite') {
        ctx.logger.warn(
          { dataDir: ctx.config.SV_SDK_DATA_DIR },
          'Running production on the embedded PGlite database: one process, one query at a time. Set DATABASE_URL to use PostgreSQL.',
        );
      }
    },
    async start(ctx) {
      if (!database) return;
      if (ctx.config.DB_MIGRATE_ON_START) {
        const report = await database.migrate();
        ctx.logger.info({ applied: report.applied, alreadyApplied: report.alreadyApplied }, 'database migrated');
        return;
      }
      try {
        const status = await migrationStatus(database, { folder: options.migrationsFolder });
        if (status.pending.length > 0) {
          schemaProblem = `${status.pending.length} pending migration(s): run \`sv-sdk db migrate\``;
          ctx.logger.warn({ pending: status.pending }, `The database has ${schemaProblem}.`);
        }
      } catch (error) {
        // Not fatal without DB_MIGRATE_ON_START: during a rolling deploy a newer node may have migrated already.
        schemaProblem = 'the migration status could not be checked';
        ctx.logger.warn({ err: error }, 'Could not check the database migrations.');
      }
    },
    async stop() {
      const open = database;
      database = undefined;
      await open?.close();
      logger?.debug('database closed');
    },
    async health(): Promise<HealthCheckResult> {
      if (!database) return { status: 'down', message: 'database closed' };
      const result = await database.health();
      if (result.status !== 'up' || !schemaProblem) return result;
      // Someone may have run `sv-sdk db migrate` since start: look again (only while degraded).
      const status = await migrationStatus(database, { folder: options.migrationsFolder }).catch(() => undefined);
      if (status && status.pending.length === 0) {
        schemaProblem = undefined;
        return result;
      }
      return { ...result, status: 'degraded', message: schemaProblem };
    },
  };
}
