import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isSDKError } from '../../core/errors.ts';
import { createScratchPostgresDatabase, type ScratchPostgresDatabase } from '../../testing/postgres.ts';
import { createPgliteDatabase } from '../drivers/pglite/driver.ts';
import { createPostgresJsDatabase } from '../drivers/postgres-js/driver.ts';
import type { Database } from '../types.ts';
import { EMBEDDED_MIGRATIONS } from './embedded.generated.ts';
import { loadMigrations, migrationStatus, MIGRATIONS_FOLDER, runMigrations } from './runner.ts';

/** The kit's own migrations, in order; the tests add scratch ones after them. */
const KIT = EMBEDDED_MIGRATIONS.map((migration) => migration.name);

/** A copy of the kit's migrations the test may edit. */
async function copyMigrations(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'sv-sdk-migrations-'));
  await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
  return folder;
}

/** Appends a migration to a copied folder's journal. */
async function addMigration(folder: string, tag: string, text: string): Promise<void> {
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: { idx: number }[] };
  journal.entries.push({ idx: journal.entries.length, version: '7', when: Date.now(), tag, breakpoints: true } as {
    idx: number;
  });
  await writeFile(journalPath, JSON.stringify(journal, null, 2));
  await writeFile(join(folder, `${tag}.sql`), text);
}

const scratchFolders: string[] = [];
afterAll(async () => {
  await Promise.all(scratchFolders.map((folder) => rm(folder, { recursive: true, force: true })));
});

it('loads the kit migrations (embedded, so bundling the kit keeps them)', async () => {
  const sources = await loadMigrations();
  expect(sources[0]?.name).toBe('0000_initial');
  expect(sources.every((source) => typeof source.sql === 'string')).toBe(true);
});

describe.each(['pglite', 'postgres'] as const)('migration runner on %s', (driver) => {
  let scratch: ScratchPostgresDatabase | undefined;
  const open: Database[] = [];
  async function openDb(): Promise<Database> {
    const db =
      driver === 'pglite'
        ? await createPgliteDatabase()
        : await createPostgresJsDatabase({ url: (scratch as ScratchPostgresDatabase).url, poolSize: 2 });
    open.push(db);
    return db;
  }
  beforeAll(async () => {
    if (driver === 'postgres') scratch = await createScratchPostgresDatabase();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((db) => db.close()));
    if (scratch) {
      // Each test starts from an empty database.
      const admin = await createPostgresJsDatabase({ url: scratch.url, poolSize: 1 });
      await admin.query(sql.raw('drop schema if exists sv_sdk, auth, email, audit, permissions, scratch cascade'));
      await admin.close();
    }
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it('applies pending migrations, records them, and a re-run is a no-op', async () => {
    const folder = await copyMigrations();
    scratchFolders.push(folder);
    const db = await openDb();
    expect((await runMigrations(db, { folder })).applied).toEqual(KIT);
    await addMigration(
      folder,
      '0901_scratch',
      'CREATE SCHEMA scratch;\n--> statement-breakpoint\nCREATE TABLE scratch.t (id int);',
    );
    expect(await migrationStatus(db, { folder })).toEqual({ applied: KIT, pending: ['0901_scratch'] });
    expect(await runMigrations(db, { folder })).toEqual({ applied: ['0901_scratch'], alreadyApplied: KIT.length });
    expect(await runMigrations(db, { folder })).toEqual({ applied: [], alreadyApplied: KIT.length + 1 });
    expect(await db.query(sql`select id, name from sv_sdk.migrations order by id`)).toEqual(
      [...KIT, '0901_scratch'].map((name, id) => ({ id, name })),
    );
  });

  it('reports everything pending on an empty database without creating anything', async () => {
    const db = await openDb();
    expect(await migrationStatus(db)).toEqual({ applied: [], pending: KIT });
    expect(await db.query(sql`select to_regclass('sv_sdk.migrations')::text as t`)).toEqual([{ t: null }]);
  });

  it('refuses to run when an applied migration file was modified, naming it, and changes nothing', async () => {
    const folder = await copyMigrations();
    scratchFolders.push(folder);
    const db = await openDb();
    await runMigrations(db, { folder });
    const file = join(folder, '0000_initial.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\n-- an innocent-looking edit\n`);
    await addMigration(folder, '0901_scratch', 'CREATE SCHEMA scratch;');
    const error = await runMigrations(db, { folder }).catch((caught: unknown) => caught);
    expect(isSDKError(error, 'MIGRATION_FAILED')).toBe(true);
    expect((error as Error).message).toContain('0000_initial.sql');
    expect(await db.query(sql`select 1 from pg_namespace where nspname = 'scratch'`)).toEqual([]);
    await expect(migrationStatus(db, { folder })).rejects.toThrow(/0000_initial\.sql/);
  });

  it('a failing migration applies nothing (one transaction) and names the file and statement', async () => {
    const folder = await copyMigrations();
    scratchFolders.push(folder);
    await addMigration(
      folder,
      '0901_broken',
      'CREATE SCHEMA scratch;\n--> statement-breakpoint\nCREATE TABLE scratch.t (id no_such_type);',
    );
    const db = await openDb();
    const error = await runMigrations(db, { folder }).catch((caught: unknown) => caught);
    expect(isSDKError(error, 'MIGRATION_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/0901_broken\.sql failed at statement 2/);
    expect(await db.query(sql`select to_regclass('sv_sdk.migrations')::text as t`)).toEqual([{ t: null }]);
    expect(await db.query(sql`select 1 from pg_namespace where nspname in ('scratch', 'auth')`)).toEqual([]);
  });

  if (driver === 'postgres') {
    it('two nodes migrating at once (two pools) both succeed and the migrations apply once', async () => {
      const folder = await copyMigrations();
      scratchFolders.push(folder);
      // A slow second migration widens the window in which both nodes are inside migrate().
      await addMigration(
        folder,
        '0901_slow',
        'SELECT pg_sleep(0.3);\n--> statement-breakpoint\nCREATE SCHEMA scratch;',
      );
      const [nodeA, nodeB] = [await openDb(), await openDb()];
      const reports = await Promise.all([runMigrations(nodeA, { folder }), runMigrations(nodeB, { folder })]);
      const applied = reports.map((report) => report.applied).sort((a, b) => b.length - a.length);
      expect(applied).toEqual([[...KIT, '0901_slow'], []]);
      expect(reports.map((report) => report.alreadyApplied).sort()).toEqual([0, KIT.length + 1]);
      expect(await nodeA.query(sql`select count(*) as n from sv_sdk.migrations`)).toEqual([{ n: KIT.length + 1 }]);
    });
  }
});
