import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { EMBEDDED_MIGRATIONS } from '../db/migrations/embedded.generated.ts';
import { createTestDatabase, testDatabaseKind } from './database.ts';
import { testPostgresUrl } from './postgres.ts';

describe('testDatabaseKind', () => {
  it('reads SV_SDK_TEST_DB, pglite by default, and rejects anything else', () => {
    expect(testDatabaseKind({})).toBe('pglite');
    expect(testDatabaseKind({ SV_SDK_TEST_DB: '' })).toBe('pglite');
    expect(testDatabaseKind({ SV_SDK_TEST_DB: 'postgres' })).toBe('postgres');
    expect(() => testDatabaseKind({ SV_SDK_TEST_DB: 'mysql' })).toThrow(/SV_SDK_TEST_DB/);
  });
});

describe('createTestDatabase on PGlite', () => {
  it('gives each call its own migrated clone', async () => {
    const [a, b] = await Promise.all([createTestDatabase({ db: 'pglite' }), createTestDatabase({ db: 'pglite' })]);
    try {
      expect(a.driver).toBe('pglite');
      expect(a.url).toBeUndefined();
      expect((await a.migrate()).applied).toEqual([]);
      await a.query(sql`insert into sv_sdk.jobs (id, name, payload) values (gen_random_uuid(), 'only-in-a', '{}')`);
      expect(await b.query(sql`select name from sv_sdk.jobs`)).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('can give an unmigrated database', async () => {
    const db = await createTestDatabase({ db: 'pglite', migrate: false });
    try {
      expect(await db.query(sql`select to_regclass('sv_sdk.jobs')::text as t`)).toEqual([{ t: null }]);
    } finally {
      await db.close();
    }
  });
});

describe('createTestDatabase on PostgreSQL', () => {
  it('creates a migrated sv_sdk_test_* database and drops it on close', async () => {
    const db = await createTestDatabase({ db: 'postgres' });
    const name = new URL(db.url ?? '').pathname.slice(1);
    expect(name).toMatch(/^sv_sdk_test_[0-9a-f]{12}$/);
    expect(await db.query(sql`select current_database() as name`)).toEqual([{ name }]);
    expect(await db.query(sql`select count(*) as n from sv_sdk.migrations`)).toEqual([
      { n: EMBEDDED_MIGRATIONS.length },
    ]);
    await db.close();
    await db.close();
    const admin = postgres(testPostgresUrl(), { max: 1, onnotice: () => {} });
    try {
      expect(await admin`select 1 from pg_database where datname = ${name}`).toHaveLength(0);
    } finally {
      await admin.end();
    }
  });
});
