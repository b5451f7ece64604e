import { z } from 'zod';
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from '../db/types.ts';
import { createScratchPostgresDatabase } from './postgres.ts';

/** Which engine a test runs on. */
export type TestDatabaseKind = 'pglite' | 'postgres';

const kindSchema = z.enum(['pglite', 'postgres']).default('pglite');

/** `SV_SDK_TEST_DB` (`pglite` by default): the switch that runs the same suites on the machine's PostgreSQL. */
export function testDatabaseKind(env: Record<string, string | undefined> = process.env): TestDatabaseKind {
  const parsed = kindSchema.safeParse(env.SV_SDK_TEST_DB || undefined);
  if (!parsed.success) throw new TypeError(`[sv-sdk] [testing] SV_SDK_TEST_DB must be "pglite" or "postgres".`);
  return parsed.data;
}

export interface TestDatabaseOptions {
  /** @default testDatabaseKind() */
  db?: TestDatabaseKind;
  /** Apply the kit's migrations. @default true */
  migrate?: boolean;
}

/** A database for one test (file): `close()` releases it, and on PostgreSQL drops it. */
export interface TestDatabase extends Database {
  /** Connection URL of the scratch PostgreSQL database (undefined on PGlite). */
  readonly url: string | undefined;
}

// One migrated PGlite per process, cloned per call: creating and migrating costs seconds, a clone ~0.5 s.
let pgliteTemplate: Promise<PGlite> | undefined;

async function migratedPgliteTemplate(): Promise<PGlite> {
  pgliteTemplate ??= (async () => {
    const { createPgliteDatabase } = await import('../db/drivers/pglite/driver.ts');
    const template = await createPgliteDatabase();
    await template.migrate();
    return template.client;
  })();
  // A failed template must not poison every later test of the process.
  pgliteTemplate.catch(() => {
    pgliteTemplate = undefined;
  });
  return pgliteTemplate;
}

/**
 * A fresh database for a test: on PGlite a clone of a migrated in-memory template, on PostgreSQL a new
 * `sv_sdk_test_<random>` database on 127.0.0.1 (`SV_SDK_TEST_POSTGRES_URL`), migrated, dropped by `close()`.
 * @example
 * const db = await createTestDatabase();
 * afterAll(() => db.close());
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const kind = options.db ?? testDatabaseKind();
  const migrate = options.migrate ?? true;
  if (kind === 'pglite') {
    const { clonePglite, createPgliteDatabase } = await import('../db/drivers/pglite/driver.ts');
    const database = migrate
      ? await createPgliteDatabase({ client: await clonePglite(await migratedPgliteTemplate()) })
      : await createPgliteDatabase();
    // Object.assign, not a spread: `drizzle` is a getter (it follows the current transaction).
    return Object.assign(database, { url: undefined });
  }
  const { createPostgresJsDatabase } = await import('../db/drivers/postgres-js/driver.ts');
  const scratch = await createScratchPostgresDatabase();
  let database: Database | undefined;
  try {
    database = await createPostgresJsDatabase({ url: scratch.url, poolSize: 5 });
    if (migrate) await database.migrate();
  } catch (error) {
    await database?.close();
    await scratch.drop();
    throw error;
  }
  const opened = database;
  const closeDatabase = opened.close;
  let closed: Promise<void> | undefined;
  return Object.assign(opened, {
    url: scratch.url,
    close(): Promise<void> {
      closed ??= closeDatabase().finally(() => scratch.drop());
      return closed;
    },
  });
}
