// The conformance suite every `Database` driver passes (unstorage's `testDriver` pattern). Each driver's test file
// calls `testDbDriver(factory)` and then adds its own regression tests.
import { count, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSDKError } from '../../core/errors.ts';
import { sqlStateOf } from '../errors.ts';
import { jobs } from '../schema.ts';
import type { Database } from '../types.ts';

/** Opens a new, empty (unmigrated) database; the suite closes it. */
export type DbDriverFactory = () => Promise<Database>;

const randomId = () => crypto.randomUUID();

export function testDbDriver(name: Database['driver'], factory: DbDriverFactory): void {
  describe(`Database driver conformance: ${name}`, () => {
    let db: Database;
    beforeAll(async () => {
      db = await factory();
    });
    afterAll(async () => {
      await db?.close();
    });

    it('reports its driver name', () => {
      expect(db.driver).toBe(name);
    });

    it('migrates an empty database, creating every schema and recording the migration', async () => {
      const report = await db.migrate();
      expect(report.applied).toContain('0000_initial');
      expect(report.alreadyApplied).toBe(0);
      const schemas = await db.query<{ name: string }>(
        sql`select nspname as name from pg_namespace where nspname in ('sv_sdk', 'auth', 'email', 'audit', 'permissions') order by 1`,
      );
      expect(schemas.map((row) => row.name)).toEqual(['audit', 'auth', 'email', 'permissions', 'sv_sdk']);
      const records = await db.query<{ name: string; hash: string }>(sql`select name, hash from sv_sdk.migrations`);
      expect(records).toHaveLength(report.applied.length);
      expect(records[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('re-running migrate is a no-op', async () => {
      const again = await db.migrate();
      expect(again.applied).toEqual([]);
      expect(again.alreadyApplied).toBeGreaterThanOrEqual(1);
    });

    it('query() returns plain row arrays with the same value shapes on every driver', async () => {
      const rows = await db.query(
        sql`select count(*) as total, 9007199254740993::int8 as huge, 1.50::numeric as amount, '{"a":[1]}'::jsonb as doc, null::text as nothing, true as yes`,
      );
      expect(Array.isArray(rows)).toBe(true);
      expect(rows).toEqual([
        { total: 1, huge: 9007199254740993n, amount: '1.50', doc: { a: [1] }, nothing: null, yes: true },
      ]);
      expect(Object.getPrototypeOf(rows)).toBe(Array.prototype);
    });

    it('query() returns dates and timestamps as PostgreSQL text (UTC), like Drizzle does internally (arrays of them as array literals)', async () => {
      const rows = await db.query(
        sql`select '2026-01-02 03:04:05.678+00'::timestamptz as at, '2026-01-02'::date as day, '1 day'::interval as span, array['2026-01-02 00:00:00+00'::timestamptz] as list`,
      );
      expect(rows).toEqual([
        { at: '2026-01-02 03:04:05.678+00', day: '2026-01-02', span: '1 day', list: '{"2026-01-02 00:00:00+00"}' },
      ]);
    });

    it('query() binds parameters (no SQL injection through values)', async () => {
      const hostile = `'); drop schema sv_sdk cascade; --`;
      const rows = await db.query<{ value: string }>(sql`select ${hostile}::text as value`);
      expect(rows[0]?.value).toBe(hostile);
    });

    it('drizzle queries the kit tables with the schema', async () => {
      const id = randomId();
      await db.drizzle.insert(jobs).values({ id, name: 'conformance.insert', payload: { n: 1 } });
      const [row] = await db.drizzle.select().from(jobs).where(eq(jobs.id, id));
      expect(row).toMatchObject({ id, name: 'conformance.insert', payload: { n: 1 }, status: 'waiting', attempts: 0 });
      expect(row?.createdAt).toBeInstanceOf(Date);
      expect(Math.abs((row?.createdAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
      const runAt = new Date('2030-05-06T07:08:09.123Z');
      const [updated] = await db.drizzle
        .update(jobs)
        .set({ runAt })
        .where(eq(jobs.id, id))
        .returning({ runAt: jobs.runAt });
      expect(updated?.runAt.toISOString()).toBe(runAt.toISOString());
      const [counted] = await db.drizzle.select({ n: count() }).from(jobs).where(eq(jobs.id, id));
      expect(counted?.n).toBe(1);
    });

    it('transaction() commits and returns the callback value', async () => {
      const id = randomId();
      const result = await db.transaction(async (tx) => {
        await tx.insert(jobs).values({ id, name: 'tx.commit', payload: {} });
        return 'done';
      });
      expect(result).toBe('done');
      expect(await db.drizzle.select().from(jobs).where(eq(jobs.id, id))).toHaveLength(1);
    });

    it('transaction() rolls back on error and rethrows the caller error unchanged', async () => {
      const id = randomId();
      const failure = new Error('caller failed');
      await expect(
        db.transaction(async (tx) => {
          await tx.insert(jobs).values({ id, name: 'tx.rollback', payload: {} });
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await db.drizzle.select().from(jobs).where(eq(jobs.id, id))).toHaveLength(0);
    });

    it('nested transactions are savepoints: an inner failure rolls back only the inner part', async () => {
      const outer = randomId();
      const inner = randomId();
      await db.transaction(async (tx) => {
        await tx.insert(jobs).values({ id: outer, name: 'tx.outer', payload: {} });
        await expect(
          tx.transaction(async (nested) => {
            await nested.insert(jobs).values({ id: inner, name: 'tx.inner', payload: {} });
            throw new Error('inner failed');
          }),
        ).rejects.toThrow('inner failed');
      });
      expect(await db.drizzle.select().from(jobs).where(eq(jobs.id, outer))).toHaveLength(1);
      expect(await db.drizzle.select().from(jobs).where(eq(jobs.id, inner))).toHaveLength(0);
    });

    it('db.transaction() inside db.transaction() is a savepoint in the same transaction (no deadlock on PGlite)', async () => {
      const outer = randomId();
      const inner = randomId();
      const failed = randomId();
      await db.transaction(async (tx) => {
        await tx.insert(jobs).values({ id: outer, name: 'ambient.outer', payload: {} });
        await db.transaction(async (nested) => {
          // The savepoint sees the outer transaction's uncommitted row.
          expect(await nested.select().from(jobs).where(eq(jobs.id, outer))).toHaveLength(1);
          await nested.insert(jobs).values({ id: inner, name: 'ambient.inner', payload: {} });
        });
        await expect(
          db.transaction(async (nested) => {
            await nested.insert(jobs).values({ id: failed, name: 'ambient.failed', payload: {} });
            throw new Error('inner failed');
          }),
        ).rejects.toThrow('inner failed');
      });
      const names = await db.query<{ name: string }>(
        sql`select name from sv_sdk.jobs where id in (${outer}, ${inner}, ${failed}) order by name`,
      );
      expect(names.map((row) => row.name)).toEqual(['ambient.inner', 'ambient.outer']);
    });

    it('db.query() inside db.transaction() runs in the transaction and rolls back with it', async () => {
      const id = randomId();
      await expect(
        db.transaction(async () => {
          await db.query(sql`insert into sv_sdk.jobs (id, name, payload) values (${id}, 'ambient.query', '{}')`);
          expect(await db.query(sql`select 1 as one from sv_sdk.jobs where id = ${id}`)).toEqual([{ one: 1 }]);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await db.query(sql`select 1 from sv_sdk.jobs where id = ${id}`)).toEqual([]);
    });

    it('db.drizzle inside db.transaction() is the transaction (a service taking `db` joins its caller)', async () => {
      const id = randomId();
      const service = (database: Database) =>
        database.drizzle.insert(jobs).values({ id, name: 'ambient.service', payload: {} });
      await expect(
        db.transaction(async () => {
          await service(db);
          expect(await db.drizzle.select().from(jobs).where(eq(jobs.id, id))).toHaveLength(1);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await db.drizzle.select().from(jobs).where(eq(jobs.id, id))).toHaveLength(0);
      await service(db);
      expect(await db.drizzle.select().from(jobs).where(eq(jobs.id, id))).toHaveLength(1);
    });

    it('work left running after a transaction ended does not use the finished transaction', async () => {
      let later: (() => Promise<unknown>) | undefined;
      await db.transaction(async () => {
        later = () => db.transaction(async (tx) => tx.execute(sql`select 1`));
      });
      await expect(later?.()).resolves.toBeDefined();
      expect(await db.query(sql`select 2 as two`)).toEqual([{ two: 2 }]);
    });

    it('wraps driver errors as DATABASE_ERROR with the SQLSTATE and no SQL parameters in the message', async () => {
      const secret = 'super-secret-value';
      const error = await db
        .query(sql`select * from no_such_table where x = ${secret}`)
        .catch((caught: unknown) => caught);
      expect(isSDKError(error, 'DATABASE_ERROR')).toBe(true);
      expect(sqlStateOf(error)).toBe('42P01');
      expect((error as Error).message).not.toContain(secret);
      expect((error as Error).message).toContain('42P01');
      // What a logger prints (pino's serializer includes the cause chain) has no parameters either.
      const logged = JSON.stringify(pino.stdSerializers.err(error as Error));
      expect(logged).toContain('no_such_table');
      expect(logged).not.toContain(secret);
    });

    it('wraps constraint violations inside a transaction (unique violation is 23505)', async () => {
      const id = randomId();
      const error = await db
        .transaction(async (tx) => {
          await tx.insert(jobs).values({ id, name: 'dup', payload: {} });
          await tx.insert(jobs).values({ id, name: 'dup', payload: {} });
        })
        .catch((caught: unknown) => caught);
      expect(isSDKError(error, 'DATABASE_ERROR')).toBe(true);
      expect(sqlStateOf(error)).toBe('23505');
    });

    it('delivers NOTIFY payloads to LISTEN callbacks and stops after unlisten', async () => {
      const received: string[] = [];
      let wake: () => void = () => {};
      const arrived = new Promise<void>((resolve) => {
        wake = resolve;
      });
      const unlisten = await db.listen('sv_sdk_conformance', (payload) => {
        received.push(payload);
        wake();
      });
      await db.notify('sv_sdk_conformance', 'hello "world" \u00e9');
      await arrived;
      expect(received).toEqual(['hello "world" \u00e9']);
      await unlisten();
      await db.notify('sv_sdk_conformance', 'after');
      await db.query(sql`select 1`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(received).toEqual(['hello "world" \u00e9']);
      await unlisten();
    });

    it('notify inside a committed transaction is delivered once, on commit', async () => {
      const received: string[] = [];
      const unlisten = await db.listen('sv_sdk_tx_channel', (payload) => received.push(payload));
      await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_notify('sv_sdk_tx_channel', 'committed')`);
      });
      const deadline = Date.now() + 2000;
      while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(received).toEqual(['committed']);
      await unlisten();
    });

    it('db.notify() inside db.transaction() is delivered on commit and dropped on rollback', async () => {
      const received: string[] = [];
      const unlisten = await db.listen('sv_sdk_tx_notify', (payload) => received.push(payload));
      await db
        .transaction(async () => {
          await db.notify('sv_sdk_tx_notify', 'rolled-back');
          throw new Error('roll back');
        })
        .catch(() => undefined);
      await db.transaction(async () => {
        await db.notify('sv_sdk_tx_notify', 'committed');
        await new Promise((resolve) => setTimeout(resolve, 50));
        // Not delivered before the commit.
        expect(received).toEqual([]);
      });
      const deadline = Date.now() + 2000;
      while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received).toEqual(['committed']);
      await unlisten();
    });

    it('rejects channel names that are not plain identifiers', async () => {
      await expect(db.listen('Bad-Channel', () => {})).rejects.toThrow(/Invalid channel name/);
      await expect(db.notify('x; drop table y', 'p')).rejects.toThrow(/Invalid channel name/);
    });

    it('health() is up with a latency', async () => {
      const health = await db.health();
      expect(health.status).toBe('up');
      expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    });

    it('after close(): health is down, queries reject with DATABASE_ERROR, close is idempotent', async () => {
      const other = await factory();
      await other.query(sql`select 1`);
      await other.close();
      await other.close();
      expect((await other.health()).status).toBe('down');
      const error = await other.query(sql`select 1`).catch((caught: unknown) => caught);
      expect(isSDKError(error, 'DATABASE_ERROR')).toBe(true);
      await expect(other.migrate()).rejects.toSatisfy((caught: unknown) => isSDKError(caught, 'DATABASE_ERROR'));
    });
  });
}
