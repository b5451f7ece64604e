import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { isSDKError, sdkError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { rowsOf } from '../database.ts';
import type { Database, DrizzleTransaction, MigrationReport } from '../types.ts';
import { EMBEDDED_MIGRATIONS } from './embedded.generated.ts';
import {
  appliedMigrationSchema,
  journalSchema,
  planMigrations,
  type AppliedMigration,
  type MigrationSource,
} from './plan.ts';

/** drizzle-kit's output folder in the kit's sources (the generator of `embedded.generated.ts` reads it). */
export const MIGRATIONS_FOLDER = resolve(import.meta.dirname, '../../../migrations');

/** Key of the transaction-level advisory lock every migrating node takes (any constant shared by all nodes). */
export const MIGRATION_LOCK_ID = 7_207_130_113;

export interface MigrationOptions {
  /** A drizzle-kit migrations folder. @default the kit's own migrations (embedded) */
  folder?: string | undefined;
  logger?: Logger | undefined;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

/**
 * The kit's migrations, or those of `folder` when given. The kit's own are embedded in the code
 * (`embedded.generated.ts`), so they are there even when an app bundles the kit.
 */
export async function loadMigrations(folder?: string): Promise<MigrationSource[]> {
  return folder === undefined ? EMBEDDED_MIGRATIONS.map((source) => ({ ...source })) : loadMigrationsFromFolder(folder);
}

/** Reads drizzle-kit's journal and the SQL file of each entry. */
export async function loadMigrationsFromFolder(folder: string): Promise<MigrationSource[]> {
  let journalText: string;
  try {
    journalText = await readFile(join(folder, 'meta', '_journal.json'), 'utf8');
  } catch (error) {
    throw sdkError('MIGRATION_FAILED', {
      message: `[sv-sdk] [db] No migration journal at ${join(folder, 'meta', '_journal.json')}.`,
      cause: error,
    });
  }
  const journal = journalSchema.safeParse(JSON.parse(journalText));
  if (!journal.success) {
    throw sdkError('MIGRATION_FAILED', {
      message: `[sv-sdk] [db] The migration journal is not valid: ${journal.error.message}`,
    });
  }
  return Promise.all(
    journal.data.entries.map(async (entry) => ({
      id: entry.idx,
      name: entry.tag,
      sql: await readFile(join(folder, `${entry.tag}.sql`), 'utf8').catch(() => undefined),
    })),
  );
}

const RECORDS_TABLE = sql`create table if not exists sv_sdk.migrations (
  id integer primary key,
  name text not null unique,
  hash text not null,
  applied_at timestamptz not null default now()
)`;

async function readApplied(tx: Pick<DrizzleTransaction, 'execute'>): Promise<AppliedMigration[]> {
  const rows = rowsOf(await tx.execute(sql`select id, name, hash from sv_sdk.migrations order by id`));
  return rows.map((row) => appliedMigrationSchema.parse(row));
}

/**
 * Applies pending migrations in ONE transaction under `pg_advisory_xact_lock`: nodes starting together wait for the
 * first one and then find nothing to do. Refuses a modified or missing applied migration (`MIGRATION_FAILED`).
 */
export async function runMigrations(
  db: Pick<Database, 'drizzle'>,
  options: MigrationOptions = {},
): Promise<MigrationReport> {
  const sources = await loadMigrations(options.folder);
  try {
    return await db.drizzle.transaction(async (tx) => {
      // A migration may rewrite a large table: DB_STATEMENT_TIMEOUT_MS is for requests, not for this transaction.
      await tx.execute(sql`set local statement_timeout = 0`);
      await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(MIGRATION_LOCK_ID))})`);
      await tx.execute(sql`create schema if not exists sv_sdk`);
      await tx.execute(RECORDS_TABLE);
      const plan = planMigrations(sources, await readApplied(tx));
      for (const migration of plan.pending) {
        for (const [index, statement] of migration.statements.entries()) {
          try {
            await tx.execute(sql.raw(statement));
          } catch (error) {
            throw sdkError('MIGRATION_FAILED', {
              message: `[sv-sdk] [db] Migration ${migration.name}.sql failed at statement ${index + 1}; nothing was applied.`,
              details: { file: `${migration.name}.sql`, statement: index + 1 },
              cause: error,
            });
          }
        }
        await tx.execute(
          sql`insert into sv_sdk.migrations (id, name, hash) values (${migration.id}, ${migration.name}, ${migration.hash})`,
        );
        options.logger?.info({ migration: migration.name }, 'migration applied');
      }
      return { applied: plan.pending.map((migration) => migration.name), alreadyApplied: plan.alreadyApplied };
    });
  } catch (error) {
    if (isSDKError(error)) throw error;
    throw sdkError('MIGRATION_FAILED', {
      message: '[sv-sdk] [db] Migrating the database failed; nothing was applied.',
      cause: error,
    });
  }
}

/** Applied and pending migrations, without changing anything. Throws `MIGRATION_FAILED` like `runMigrations`. */
export async function migrationStatus(
  db: Pick<Database, 'drizzle'>,
  options: MigrationOptions = {},
): Promise<MigrationStatus> {
  const sources = await loadMigrations(options.folder);
  const exists = rowsOf<{ table: string | null }>(
    await db.drizzle.execute(sql`select to_regclass('sv_sdk.migrations')::text as "table"`),
  );
  const applied = exists[0]?.table ? await readApplied(db.drizzle) : [];
  const plan = planMigrations(sources, applied);
  return { applied: applied.map((record) => record.name), pending: plan.pending.map((migration) => migration.name) };
}
