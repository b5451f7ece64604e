// Pure planning for the migration runner: no I/O, so every refusal is unit-tested without a database.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { sdkError } from '../../core/errors.ts';

/** drizzle-kit's `meta/_journal.json`, the list of migrations in order. */
export const journalSchema = z.object({
  dialect: z.literal('postgresql'),
  entries: z.array(
    z.object({
      idx: z.number().int().nonnegative(),
      tag: z.string().regex(/^[\w-]+$/, 'expected a file name without extension'),
      when: z.number(),
      breakpoints: z.boolean(),
    }),
  ),
});
export type Journal = z.infer<typeof journalSchema>;

/** One migration of the folder, as read from disk. `sql` is undefined when the journal names a missing file. */
export interface MigrationSource {
  id: number;
  name: string;
  sql: string | undefined;
}

/** A migration ready to apply. */
export interface MigrationFile {
  id: number;
  name: string;
  hash: string;
  statements: string[];
}

/** A row of `sv_sdk.migrations`. */
export const appliedMigrationSchema = z.object({
  id: z.coerce.number().int(),
  name: z.string(),
  hash: z.string(),
});
export type AppliedMigration = z.infer<typeof appliedMigrationSchema>;

export interface MigrationPlan {
  pending: MigrationFile[];
  alreadyApplied: number;
}

const BREAKPOINT = '--> statement-breakpoint';

/** The same text on every platform: a checkout with CRLF line endings must not look modified. */
export function normaliseSql(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** sha256 (hex) of a migration file's CRLF-normalised text. */
export function hashMigration(text: string): string {
  return createHash('sha256').update(normaliseSql(text)).digest('hex');
}

/** drizzle-kit separates statements with `--> statement-breakpoint`; each part is one statement. */
export function splitStatements(text: string): string[] {
  return normaliseSql(text)
    .split(BREAKPOINT)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

function refuse(message: string, file: string): never {
  throw sdkError('MIGRATION_FAILED', { message: `[sv-sdk] [db] ${message}`, details: { file } });
}

/**
 * Compares the migration folder with the applied records and returns what to apply, in journal order. Refuses (throws
 * `MIGRATION_FAILED` naming the file) when an applied migration's file changed or is missing, or when the database
 * has a migration this version does not know (an older app against a newer database).
 */
export function planMigrations(
  sources: readonly MigrationSource[],
  applied: readonly AppliedMigration[],
): MigrationPlan {
  const byName = new Map<string, MigrationSource>();
  for (const source of sources) {
    if (byName.has(source.name)) refuse(`The migration journal lists ${source.name} twice.`, `${source.name}.sql`);
    byName.set(source.name, source);
  }
  const appliedNames = new Set<string>();
  for (const record of applied) {
    const file = `${record.name}.sql`;
    appliedNames.add(record.name);
    const source = byName.get(record.name);
    if (!source) {
      refuse(
        `Migration ${file} is applied to the database but is not in this version's migrations (is the app older than the database?).`,
        file,
      );
    }
    if (source.sql === undefined) refuse(`Migration ${file} is applied to the database but its file is missing.`, file);
    if (hashMigration(source.sql) !== record.hash) {
      refuse(
        `Migration ${file} was modified after it was applied. Restore it and put the change in a new migration.`,
        file,
      );
    }
  }
  const pending: MigrationFile[] = [];
  for (const source of [...sources].sort((a, b) => a.id - b.id)) {
    if (appliedNames.has(source.name)) continue;
    const file = `${source.name}.sql`;
    if (source.sql === undefined) refuse(`Migration ${file} is listed in the journal but its file is missing.`, file);
    pending.push({
      id: source.id,
      name: source.name,
      hash: hashMigration(source.sql),
      statements: splitStatements(source.sql),
    });
  }
  return { pending, alreadyApplied: applied.length };
}
