import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSDKError } from '../core/errors.ts';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../testing/database.ts';
import { defineSeed, runSeeds } from './seed.ts';

describe(`seeds (${testDatabaseKind()})`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query(
      sql`create table seed_roles (name text primary key, description text not null, updated_at timestamptz)`,
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  const roles = defineSeed({
    name: 'test.roles',
    async run({ tx }) {
      for (const [name, description] of [
        ['admin', 'Everything'],
        ['user', 'The default role'],
      ] as const) {
        await tx.execute(
          sql`insert into seed_roles (name, description) values (${name}, ${description}) on conflict (name) do update set description = excluded.description`,
        );
      }
    },
  });
  const order: string[] = [];
  const tracked = (name: string) =>
    defineSeed({
      name,
      async run() {
        order.push(name);
      },
    });

  it('are idempotent: running twice leaves the same rows', async () => {
    expect(await runSeeds(db, [roles])).toEqual({ ran: ['test.roles'] });
    const first = await db.query(sql`select name, description from seed_roles order by name`);
    await runSeeds(db, [roles]);
    const second = await db.query(sql`select name, description from seed_roles order by name`);
    expect(first).toEqual([
      { name: 'admin', description: 'Everything' },
      { name: 'user', description: 'The default role' },
    ]);
    expect(second).toEqual(first);
  });

  it('run in the given order', async () => {
    order.length = 0;
    expect((await runSeeds(db, [tracked('b'), tracked('a'), tracked('c')])).ran).toEqual(['b', 'a', 'c']);
    expect(order).toEqual(['b', 'a', 'c']);
  });

  it('a failing seed is rolled back and stops the run; earlier seeds stay (one transaction each)', async () => {
    const before = defineSeed({
      name: 'test.before',
      async run({ tx }) {
        await tx.execute(
          sql`insert into seed_roles (name, description) values ('before', 'kept') on conflict do nothing`,
        );
      },
    });
    const failing = defineSeed({
      name: 'test.failing',
      async run({ tx }) {
        await tx.execute(sql`insert into seed_roles (name, description) values ('half-done', 'rolled back')`);
        throw new Error('boom');
      },
    });
    order.length = 0;
    const error = await runSeeds(db, [before, failing, tracked('never')]).catch((caught: unknown) => caught);
    expect(isSDKError(error, 'SEED_FAILED')).toBe(true);
    expect((error as Error).message).toContain('test.failing');
    expect(order).toEqual([]);
    const names = (await db.query<{ name: string }>(sql`select name from seed_roles order by name`)).map(
      (row) => row.name,
    );
    expect(names).toContain('before');
    expect(names).not.toContain('half-done');
  });

  it('refuses two seeds with the same name before running any', async () => {
    order.length = 0;
    await expect(runSeeds(db, [tracked('dup'), tracked('dup')])).rejects.toThrow(/Two seeds are named "dup"/);
    expect(order).toEqual([]);
  });
});
