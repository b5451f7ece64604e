import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type SQL } from 'drizzle-orm';
import type { HealthCheckResult } from '../core/health.ts';
import { logThrottleOf } from '../core/log-throttle.ts';
import type { Logger } from '../core/logger.ts';
import { closedDatabaseError, toDatabaseError } from './errors.ts';
import { runMigrations } from './migrations/runner.ts';
import type { Database, DatabaseDriverName, DrizzleDatabase, DrizzleTransaction, MigrationReport } from './types.ts';

/** What a driver folder supplies: its client behind Drizzle, plus LISTEN and shutdown in the client's own terms. */
export interface DriverConnection {
  driver: DatabaseDriverName;
  drizzle: DrizzleDatabase;
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  end(): Promise<void>;
}

export interface DatabaseOptions {
  logger?: Logger | undefined;
  /** Folder of drizzle-kit migrations. @default the kit's own `migrations/` */
  migrationsFolder?: string | undefined;
}

const DOWN_TTL_MS = 250;
/** The log throttle key of failed health checks. */
const HEALTH_KEY = 'db-health';
const AVAILABILITY_TIMEOUT_MS = 1000;

/** PostgreSQL identifiers as channel names, lower case so PGlite and postgres-js quote them the same way. */
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

function assertChannel(channel: string): void {
  if (!CHANNEL.test(channel)) {
    throw new TypeError(
      `[sv-sdk] [db] Invalid channel name "${channel}": expected lower-case letters, digits and _ (max 63).`,
    );
  }
}

/**
 * Rows of a raw `execute()` result: postgres-js returns an array (a `RowList`), PGlite an object with `rows`.
 * Returns a plain array in both cases.
 */
export function rowsOf<Row extends Record<string, unknown>>(result: unknown): Row[] {
  if (Array.isArray(result)) return Array.from(result as Row[]);
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows))
    return result.rows as Row[];
  return [];
}

/**
 * Builds the `Database` service on a driver's connection. Everything but connecting lives here, so both drivers
 * behave the same (errors, channels, health, migrations, close).
 */
export function createDatabaseFromConnection<Extra extends object = object>(
  connection: DriverConnection,
  options: DatabaseOptions = {},
  extra?: Extra,
): Database & Extra {
  const { drizzle } = connection;
  let closed: Promise<void> | undefined;
  /**
   * The transaction the current async call chain runs in. `drizzle`, `query()` and `notify()` use it and
   * `transaction()` inside it becomes a savepoint: on PGlite (one session, a transaction mutex) a query or a second
   * transaction outside it would deadlock, and on PostgreSQL it would run on another connection, outside the caller's
   * transaction.
   */
  const ambient = new AsyncLocalStorage<Scope>();
  interface Scope {
    tx: DrizzleTransaction;
    open: boolean;
    /** Callbacks for after the outermost commit; savepoints share their outer transaction's list. */
    committed: (() => void | Promise<void>)[];
  }
  const inScope =
    <T>(fn: (tx: DrizzleTransaction) => Promise<T>, committed: Scope['committed']) =>
    async (tx: DrizzleTransaction): Promise<T> => {
      const scope: Scope = { tx, open: true, committed };
      try {
        return await ambient.run(scope, () => fn(tx));
      } finally {
        // Work the callback left running must not use a finished transaction.
        scope.open = false;
      }
    };
  const current = (): DrizzleTransaction | undefined => {
    const scope = ambient.getStore();
    return scope?.open ? scope.tx : undefined;
  };
  const listeners = new Set<() => Promise<void>>();
  let availability: { ok: boolean; at: number } | undefined;
  let probing: Promise<boolean> | undefined;
  const runAfterCommit = (callbacks: (() => void | Promise<void>)[]): void => {
    if (callbacks.length === 0) return;
    // Outside the transaction's async context, so a callback's own queries do not try to use the finished one.
    setImmediate(() => {
      for (const callback of callbacks) {
        Promise.resolve()
          .then(callback)
          .catch((error: unknown) => options.logger?.error({ err: error }, 'an after-commit callback failed'));
      }
    });
  };

  async function guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
    if (closed) throw closedDatabaseError();
    try {
      return await run();
    } catch (error) {
      throw toDatabaseError(error, operation);
    }
  }

  const database: Database & Extra = {
    driver: connection.driver,
    ...(extra as Extra),
    get drizzle(): DrizzleDatabase {
      return current() ?? drizzle;
    },
    query<Row extends Record<string, unknown> = Record<string, unknown>>(statement: SQL): Promise<Row[]> {
      return guard('Query', async () => rowsOf<Row>(await (current() ?? drizzle).execute(statement)));
    },
    transaction<T>(fn: (tx: DrizzleTransaction) => Promise<T>): Promise<T> {
      const scope = ambient.getStore();
      if (scope?.open) return guard('Transaction', () => scope.tx.transaction(inScope(fn, scope.committed)));
      const committed: Scope['committed'] = [];
      return guard('Transaction', () => drizzle.transaction(inScope(fn, committed))).then((result) => {
        runAfterCommit(committed);
        return result;
      });
    },
    available(): Promise<boolean> {
      if (closed) return Promise.resolve(false);
      // "Down" is kept 250 ms (an outage must not turn every failing request into a probe) or until a health check
      // sees the database again; "up" is not kept:
      // the callers are on error paths, where a stale "up" would answer 401 for a database that just went away.
      // Concurrent callers share one probe.
      if (availability && !availability.ok && performance.now() - availability.at < DOWN_TTL_MS)
        return Promise.resolve(false);
      probing ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        try {
          return await Promise.race([
            drizzle.execute(sql`select 1`).then(() => true),
            new Promise<boolean>((resolve) => {
              timer = setTimeout(() => resolve(false), AVAILABILITY_TIMEOUT_MS);
            }),
          ]);
        } catch {
          return false;
        } finally {
          clearTimeout(timer);
        }
      })().then((ok) => {
        availability = { ok, at: performance.now() };
        probing = undefined;
        return ok;
      });
      return probing;
    },
    inTransaction(): boolean {
      return current() !== undefined;
    },
    afterCommit(fn) {
      const scope = ambient.getStore();
      if (scope?.open) scope.committed.push(fn);
      else runAfterCommit([fn]);
    },
    async listen(channel, onMessage) {
      assertChannel(channel);
      const unlisten = await guard('LISTEN', () => connection.listen(channel, onMessage));
      let done = false;
      const stop = async (): Promise<void> => {
        if (done) return;
        done = true;
        listeners.delete(stop);
        // After close() the connection is gone and so is the subscription.
        if (!closed) await guard('UNLISTEN', unlisten);
      };
      listeners.add(stop);
      return stop;
    },
    async notify(channel, payload) {
      assertChannel(channel);
      // Inside a transaction the notification joins it: delivered on commit, dropped on rollback.
      await guard('NOTIFY', () => (current() ?? drizzle).execute(sql`select pg_notify(${channel}, ${payload})`));
    },
    migrate(): Promise<MigrationReport> {
      if (closed) return Promise.reject(closedDatabaseError());
      return runMigrations(database, { folder: options.migrationsFolder, logger: options.logger });
    },
    async health(): Promise<HealthCheckResult> {
      if (closed) return { status: 'down', message: 'database closed' };
      const started = performance.now();
      try {
        await drizzle.execute(sql`select 1`);
        // The readiness check saw it back: error paths stop answering 503 from a kept "down" at the same moment.
        availability = undefined;
        if (options.logger) logThrottleOf(options.logger).recovered(HEALTH_KEY, 'database reachable again');
        return { status: 'up', latencyMs: Math.round((performance.now() - started) * 100) / 100 };
      } catch (error) {
        // Every readiness probe fails during an outage: one line per interval (core/log-throttle.ts), not one each.
        if (options.logger)
          logThrottleOf(options.logger).log(
            HEALTH_KEY,
            'warn',
            { err: toDatabaseError(error, 'Health check') },
            'database health check failed',
          );
        // No host or credentials in a readiness answer.
        return { status: 'down', message: 'database unreachable', latencyMs: Math.round(performance.now() - started) };
      }
    },
    close(): Promise<void> {
      closed ??= (async () => {
        for (const stop of [...listeners]) listeners.delete(stop);
        try {
          await connection.end();
        } catch (error) {
          throw toDatabaseError(error, 'Close');
        }
      })();
      return closed;
    },
  };
  return database;
}
