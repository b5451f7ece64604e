import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { EMBEDDED_MIGRATIONS } from '../db/migrations/embedded.generated.ts';
import { createTestSDK } from './index.ts';
import { testPostgresUrl } from './postgres.ts';

// The environment of a developer machine may point at a real database: a test SDK must never use it.
const hostileEnv = {
  DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/production',
  SV_SDK_DATA_DIR: '/nonexistent/data',
};

describe('createTestSDK', () => {
  it('on PGlite: a started SDK on a migrated clone, whatever DATABASE_URL says', async () => {
    const sdk = await createTestSDK({ db: 'pglite', env: hostileEnv });
    try {
      expect(sdk.db.driver).toBe('pglite');
      expect(sdk.config.database).toBe('pglite');
      expect(sdk.config.NODE_ENV).toBe('test');
      expect(await sdk.db.query(sql`select count(*) as n from sv_sdk.migrations`)).toEqual([
        { n: EMBEDDED_MIGRATIONS.length },
      ]);
      const report = await sdk.health();
      expect(report.checks.db?.status).toBe('up');
    } finally {
      await sdk.close();
    }
    expect((await sdk.db.health()).status).toBe('down');
  });

  it('on PostgreSQL: a fresh migrated database, dropped by sdk.close()', async () => {
    const sdk = await createTestSDK({ db: 'postgres', env: hostileEnv });
    let name: string | undefined;
    try {
      expect(sdk.db.driver).toBe('postgres');
      expect(sdk.config.database).toBe('postgres');
      const [row] = await sdk.db.query<{ name: string }>(sql`select current_database() as name`);
      name = row?.name;
      expect(name).toBeDefined();
      expect(name).toMatch(/^sv_sdk_test_/);
      expect(await sdk.db.query(sql`select count(*) as n from sv_sdk.migrations`)).toEqual([
        { n: EMBEDDED_MIGRATIONS.length },
      ]);
      expect((await sdk.health()).checks.db?.status).toBe('up');
    } finally {
      await sdk.close();
    }
    const admin = postgres(testPostgresUrl(), { max: 1, onnotice: () => {} });
    try {
      expect(await admin`select 1 from pg_database where datname = ${name ?? ''}`).toHaveLength(0);
    } finally {
      await admin.end();
    }
  });
});
