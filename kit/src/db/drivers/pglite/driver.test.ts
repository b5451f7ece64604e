import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { jobs } from '../../schema.ts';
import { isSDKError } from '../../../core/errors.ts';
import { testDbDriver } from '../driver.test-suite.ts';
import { clonePglite, createPgliteDatabase } from './driver.ts';

testDbDriver('pglite', () => createPgliteDatabase({ dataDir: 'memory://' }));

describe('PGlite driver', () => {
  it('gives Drizzle a client view without per-query parsers (PGlite merges its 300-entry table for them), inside transactions too', async () => {
    const db = await createPgliteDatabase();
    try {
      await db.migrate();
      const query = vi.spyOn(db.client, 'query');
      await db.drizzle.select().from(jobs).limit(1);
      // Inside a transaction Drizzle queries the transaction object: record what reaches it.
      const inTransaction: unknown[] = [];
      const transaction = db.client.transaction.bind(db.client);
      vi.spyOn(db.client, 'transaction').mockImplementation((callback) =>
        transaction((tx) => {
          const realQuery = tx.query;
          tx.query = (text, params, options) => {
            inTransaction.push(options);
            return realQuery(text, params, options);
          };
          return callback(tx);
        }),
      );
      await db.transaction((tx) => tx.select().from(jobs).limit(1));
      const options = [...query.mock.calls.map((call) => call[2]), ...inTransaction];
      expect(query.mock.calls).toHaveLength(1);
      expect(inTransaction).toHaveLength(1);
      for (const option of options) {
        expect(option).toMatchObject({ rowMode: 'array' });
        expect(option).not.toHaveProperty('parsers');
      }
      vi.restoreAllMocks();
    } finally {
      await db.close();
    }
  });

  it('keeps data in a folder (created when missing) across reopen, and refuses a second open of the same folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sv-sdk-pglite-'));
    const dataDir = join(root, 'nested', 'data');
    try {
      const first = await createPgliteDatabase({ dataDir });
      await first.query(sql`create table kept (v text)`);
      await first.query(sql`insert into kept values ('still here')`);
      const second = await createPgliteDatabase({ dataDir }).catch((error: unknown) => error);
      expect(isSDKError(second, 'DATABASE_ERROR')).toBe(true);
      await first.close();
      expect((await readdir(dataDir)).length).toBeGreaterThan(0);

      const reopened = await createPgliteDatabase({ dataDir });
      expect(await reopened.query(sql`select v from kept`)).toEqual([{ v: 'still here' }]);
      await reopened.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('refuses a folder another running process holds, takes over a lock left by a dead one, releases on close', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sv-sdk-pglite-lock-'));
    const dataDir = join(root, 'data');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await writeFile(`${dataDir}.lock`, String(holder.pid));
      const refused = await createPgliteDatabase({ dataDir }).catch((error: unknown) => error);
      expect(isSDKError(refused, 'DATABASE_ERROR')).toBe(true);
      expect((refused as Error).message).toContain(`in use by process ${holder.pid}`);

      holder.kill('SIGKILL');
      await new Promise((done) => holder.once('exit', done));
      // The holder is gone (a crash): its lock is stale and taken over.
      const opened = await createPgliteDatabase({ dataDir });
      expect(await readFile(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
      await opened.close();
      await expect(readFile(`${dataDir}.lock`, 'utf8')).rejects.toThrow(/ENOENT/);
    } finally {
      holder.kill('SIGKILL');
      await rm(root, { recursive: true, force: true });
    }
  });

  it('wraps an existing client (a clone of a migrated template keeps its tables)', async () => {
    const template = await createPgliteDatabase();
    await template.migrate();
    const clone = await createPgliteDatabase({ client: await clonePglite(template.client) });
    try {
      expect(clone.client).not.toBe(template.client);
      expect((await clone.migrate()).applied).toEqual([]);
      await clone.query(
        sql`insert into sv_sdk.jobs (id, name, payload) values (gen_random_uuid(), 'only-in-clone', '{}')`,
      );
      expect(await template.query(sql`select 1 from sv_sdk.jobs where name = 'only-in-clone'`)).toEqual([]);
    } finally {
      await clone.close();
      await template.close();
    }
  });
});
