import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import type { HealthCheckResult } from '../core/health.ts';
import type * as schema from './schema.ts';

/** The Drizzle database, the same type for PGlite and postgres-js. */
export type DrizzleDatabase = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction handle: the same query API as the database. */
export type DrizzleTransaction = Parameters<Parameters<DrizzleDatabase['transaction']>[0]>[0];

export type DatabaseDriverName = 'pglite' | 'postgres';

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/**
 * The database service (`ctx.use('db')`, `sdk.db`): Drizzle plus the few things Drizzle does not normalise across
 * drivers. Domains query through `db.drizzle` with the tables of `@sv-sdk/kit/db`.
 */
export interface Database {
  readonly driver: DatabaseDriverName;
  readonly drizzle: DrizzleDatabase;
  /** Runs raw SQL and returns rows, the same shape on both drivers (numbers from `count(*)` normalised by the caller). */
  query<Row extends Record<string, unknown> = Record<string, unknown>>(statement: SQL): Promise<Row[]>;
  /** Runs `fn` in a transaction; nested calls use savepoints. */
  transaction<T>(fn: (tx: DrizzleTransaction) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; resolves to an unlisten function. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  /** Applies pending migrations under an advisory lock. */
  migrate(): Promise<MigrationReport>;
  health(): Promise<HealthCheckResult>;
  close(): Promise<void>;
}
