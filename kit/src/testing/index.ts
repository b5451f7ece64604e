// `@sv-sdk/kit/testing`: helpers for the kit's own tests and for apps testing code built on sv-sdk.
import { createSDK, type CreateSDKOptions, type SDK } from '../core/sdk.ts';
import { dbPlugin } from '../db/plugin.ts';
import { createTestDatabase, testDatabaseKind, type TestDatabaseKind } from './database.ts';

export {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
  type TestDatabaseKind,
  type TestDatabaseOptions,
} from './database.ts';
export {
  createScratchPostgresDatabase,
  testPostgresUrl,
  DEFAULT_TEST_POSTGRES_URL,
  type ScratchPostgresDatabase,
} from './postgres.ts';

export interface CreateTestSDKOptions extends CreateSDKOptions {
  /** The database engine. @default process.env.SV_SDK_TEST_DB, else 'pglite' */
  db?: TestDatabaseKind;
}

/**
 * A started SDK on a fresh, migrated test database (a PGlite clone, or a new PostgreSQL database that
 * `sdk.close()` drops). Other options are those of `createSDK`; `NODE_ENV` defaults to `test` (silent logs).
 * @example
 * const sdk = await createTestSDK({ db: 'postgres' });
 * afterAll(() => sdk.close());
 */
export async function createTestSDK(options: CreateTestSDKOptions = {}): Promise<SDK> {
  const { db: kind = testDatabaseKind(), ...sdkOptions } = options;
  const plugins = sdkOptions.plugins ?? [];
  // A caller's own db plugin wins (and brings its own database).
  if (plugins.some((plugin) => plugin.name === 'db'))
    return createSDK({ ...sdkOptions, config: { NODE_ENV: 'test', ...sdkOptions.config } });
  const database = await createTestDatabase({ db: kind });
  try {
    return await createSDK({
      ...sdkOptions,
      config: {
        NODE_ENV: 'test',
        ...sdkOptions.config,
        // The prepared database decides; the environment's DATABASE_URL must not leak into a test.
        DATABASE_URL: database.url,
        SV_SDK_DATA_DIR: 'memory://',
        DB_MIGRATE_ON_START: false,
      },
      plugins: [dbPlugin({ database }), ...plugins],
    });
  } catch (error) {
    // createSDK closes what it started; the database may not have reached the plugin.
    await database.close();
    throw error;
  }
}
