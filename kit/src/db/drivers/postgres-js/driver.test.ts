import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSDKError } from '../../../core/errors.ts';
import { createScratchPostgresDatabase, type ScratchPostgresDatabase } from '../../../testing/postgres.ts';
import type { Database } from '../../types.ts';
import { testDbDriver } from '../driver.test-suite.ts';
import { createPostgresJsDatabase } from './driver.ts';

// One fresh database for this file; every factory call opens another pool on it.
let scratch: ScratchPostgresDatabase;
const opened: Database[] = [];
beforeAll(async () => {
  scratch = await createScratchPostgresDatabase();
});
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
  await scratch?.drop();
});

testDbDriver('postgres', async () => {
  const db = await createPostgresJsDatabase({ url: scratch.url, poolSize: 3 });
  opened.push(db);
  return db;
});

describe('postgres-js driver', () => {
  it('uses the pool size and answers timestamps in UTC', async () => {
    const db = await createPostgresJsDatabase({ url: scratch.url, poolSize: 2 });
    opened.push(db);
    expect(db.client.options.max).toBe(2);
    const [row] = await db.query<{ zone: string }>(sql`select current_setting('TimeZone') as zone`);
    expect(row?.zone).toBe('UTC');
  });

  it('never puts the connection string in errors', async () => {
    const url = 'postgres://someone:hunter2-secret@127.0.0.1:1/nowhere';
    const db = await createPostgresJsDatabase({ url, clientOptions: { connect_timeout: 2 } });
    try {
      const error = await db.query(sql`select 1`).catch((caught: unknown) => caught);
      expect(isSDKError(error, 'DATABASE_ERROR')).toBe(true);
      expect(String((error as Error).message)).not.toContain('hunter2');
      expect((await db.health()).status).toBe('down');
      expect(JSON.stringify(await db.health())).not.toContain('127.0.0.1');
    } finally {
      await db.close();
    }
    const bad = await createPostgresJsDatabase({ url: 'postgres://user:hunter2@[bad' }).catch(
      (caught: unknown) => caught,
    );
    expect(isSDKError(bad, 'DATABASE_ERROR')).toBe(true);
    expect(JSON.stringify(bad, Object.getOwnPropertyNames(bad))).not.toContain('hunter2');
    expect((bad as Error).cause).toBeUndefined();
  });
});
