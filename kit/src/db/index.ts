// `@sv-sdk/kit/db`: the database service, its tables, migrations and seeds. Drivers are separate subpaths
// (`@sv-sdk/kit/db/pglite`, `@sv-sdk/kit/db/postgres-js`) so production never loads PGlite.
export type { Database, DatabaseDriverName, DrizzleDatabase, DrizzleTransaction, MigrationReport } from './types.ts';
export { createDatabase, type DatabaseConfig } from './create-database.ts';
export { rowsOf, type DatabaseOptions } from './database.ts';
export { dbPlugin, type DbPluginOptions } from './plugin.ts';
export { defineSeed, runSeeds, type Seed, type SeedContext, type SeedReport } from './seed.ts';
export { isDriverError, sqlStateOf, toDatabaseError } from './errors.ts';
export {
  loadMigrations,
  migrationStatus,
  runMigrations,
  MIGRATIONS_FOLDER,
  MIGRATION_LOCK_ID,
  type MigrationOptions,
  type MigrationStatus,
} from './migrations/runner.ts';
export * from './schema.ts';
