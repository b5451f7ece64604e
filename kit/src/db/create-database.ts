import type { CoreConfig } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import type { Database } from './types.ts';

/** The configuration `createDatabase` reads. */
export type DatabaseConfig = Pick<CoreConfig, 'database' | 'DATABASE_URL' | 'DB_POOL_SIZE' | 'SV_SDK_DATA_DIR'> &
  Partial<Pick<CoreConfig, 'DB_CONNECT_TIMEOUT_MS' | 'DB_STATEMENT_TIMEOUT_MS'>>;

/**
 * Opens the database the configuration asks for: postgres-js when `DATABASE_URL` is set, PGlite otherwise. The
 * driver module is imported on demand, so PGlite is never loaded in production.
 * @example const db = await createDatabase(sdk.config, logger);
 */
export async function createDatabase(
  config: DatabaseConfig,
  logger?: Logger,
  options: { migrationsFolder?: string } = {},
): Promise<Database> {
  if (config.database === 'postgres' && config.DATABASE_URL) {
    const { createPostgresJsDatabase } = await import('./drivers/postgres-js/driver.ts');
    return createPostgresJsDatabase({
      url: config.DATABASE_URL,
      poolSize: config.DB_POOL_SIZE,
      connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      logger,
      migrationsFolder: options.migrationsFolder,
    });
  }
  const { createPgliteDatabase } = await import('./drivers/pglite/driver.ts');
  return createPgliteDatabase({ dataDir: config.SV_SDK_DATA_DIR, logger, migrationsFolder: options.migrationsFolder });
}
