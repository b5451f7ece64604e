// `@sv-sdk/kit/db/postgres-js`: the production driver (PostgreSQL through a postgres-js pool).
export { createPostgresJsDatabase, type PostgresJsDatabaseOptions, type PostgresJsDriverDatabase } from './driver.ts';
