import postgres, { type Options, type PostgresType, type Sql } from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { sdkError } from '../../../core/errors.ts';
import { reconnectDelayMs } from '../../../core/reconnect.ts';
import { createDatabaseFromConnection, type DatabaseOptions } from '../../database.ts';
import * as schema from '../../schema.ts';
import type { Database } from '../../types.ts';

export interface PostgresJsDatabaseOptions extends DatabaseOptions {
  /** `postgres://user:password@host:5432/db`. Never logged or put in an error. */
  url: string;
  /** Connections in the pool (`DB_POOL_SIZE`). @default 10 */
  poolSize?: number;
  /** `DB_CONNECT_TIMEOUT_MS`: a connection attempt gives up after this long. @default 5000 */
  connectTimeoutMs?: number;
  /** `DB_STATEMENT_TIMEOUT_MS`: PostgreSQL's `statement_timeout` of every connection (0: none). @default 30000 */
  statementTimeoutMs?: number;
  /** Extra postgres-js options, merged over ours (timeouts, ssl…). */
  clientOptions?: Options<Record<string, PostgresType>>;
}

/** The production database: a `Database` with its postgres-js client (for tests and benches). */
export interface PostgresJsDriverDatabase extends Database {
  readonly driver: 'postgres';
  readonly client: Sql;
}

const INT8_OID = 20;

/** int8 (`count(*)`, bigserial) as PGlite returns it: a number when exact, a bigint beyond 2^53. */
function parseInt8(value: string): number | bigint {
  const big = BigInt(value);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(big) : big;
}

/**
 * Opens a postgres-js pool behind the `Database` interface. Connecting is lazy: the first query connects.
 * @example const db = await createPostgresJsDatabase({ url: process.env.DATABASE_URL!, poolSize: 10 });
 */
export async function createPostgresJsDatabase(options: PostgresJsDatabaseOptions): Promise<PostgresJsDriverDatabase> {
  let client: Sql;
  try {
    client = postgres(options.url, {
      max: options.poolSize ?? 10,
      // Seconds: free idle connections, recycle long-lived ones, fail fast when the server is unreachable.
      idle_timeout: 30,
      max_lifetime: 60 * 30,
      connect_timeout: (options.connectTimeoutMs ?? 5000) / 1000,
      // postgres-js waits before reconnecting a connection whose last attempt failed, growing to 20 s: queries queued
      // for that connection waited that long while the server was down (and after it was back). In seconds.
      backoff: (retries: number) => reconnectDelayMs(retries) / 1000,
      // NOTICEs (e.g. "schema already exists, skipping") are not errors; postgres-js would print them.
      onnotice: () => {},
      connection: {
        application_name: 'sv-sdk',
        TimeZone: 'UTC',
        statement_timeout: options.statementTimeoutMs ?? 30_000,
      },
      ...options.clientOptions,
    });
  } catch {
    // The URL parser's error carries the URL (and its password): drop it.
    throw sdkError('DATABASE_ERROR', {
      message: '[sv-sdk] [db] DATABASE_URL could not be parsed as a PostgreSQL URL.',
    });
  }
  client.options.parsers[INT8_OID] = parseInt8;
  const sqlClient = client;
  return createDatabaseFromConnection(
    {
      driver: 'postgres',
      drizzle: drizzle({ client: sqlClient, schema }),
      async listen(channel, onMessage) {
        // postgres-js keeps one extra connection for all LISTENs and re-listens after reconnecting.
        const { unlisten } = await sqlClient.listen(channel, onMessage);
        return unlisten;
      },
      end: () => sqlClient.end({ timeout: 5 }),
    },
    options,
    { driver: 'postgres' as const, client: sqlClient },
  );
}
