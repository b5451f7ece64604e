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
  /**
   * Drizzle. Inside `transaction()` (anywhere in its async call chain) this is that transaction, so a service taking
   * `db` joins its caller's transaction instead of running outside it (PostgreSQL) or deadlocking (PGlite).
   */
  readonly drizzle: DrizzleDatabase;
  /**
   * Runs raw SQL and returns plain row objects with the same values on both drivers: int8 (`count(*)`) as a number
   * (a bigint beyond 2^53), numeric as a string, dates and timestamps as PostgreSQL text. Inside `transaction()` it
   * runs in that transaction. Driver errors reject as `SDKError('DATABASE_ERROR')` (see `sqlStateOf`).
   */
  query<Row extends Record<string, unknown> = Record<string, unknown>>(statement: SQL): Promise<Row[]>;
  /**
   * Runs `fn` in a transaction and returns its result; a throw rolls back and rethrows. A call inside another
   * `transaction()` of the same call chain (or `tx.transaction()`) is a savepoint.
   */
  transaction<T>(fn: (tx: DrizzleTransaction) => Promise<T>): Promise<T>;
  /**
   * Whether the database answers now: a `select 1` bounded to a second (concurrent calls share one); "down" is kept for
   * 250 ms (or until `health()` sees the database again), "up" is not kept. For error paths deciding between "you are not signed in" and "we cannot tell right now" (503).
   */
  available(): Promise<boolean>;
  /** True inside `transaction()` (anywhere in its async call chain). */
  inTransaction(): boolean;
  /**
   * Runs `fn` once the outermost transaction of the current call chain has committed (never on rollback); outside a
   * transaction, on the next tick. For in-process follow-ups of work the transaction stored (waking an outbox relay),
   * never for work that must not be lost: store that in the transaction. Errors of `fn` are logged, not thrown.
   */
  afterCommit(fn: () => void | Promise<void>): void;
  /** LISTEN on a channel; resolves to an unlisten function. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  /** Applies pending migrations under an advisory lock. */
  migrate(): Promise<MigrationReport>;
  health(): Promise<HealthCheckResult>;
  close(): Promise<void>;
}
