import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** Server the PostgreSQL test databases are created on (a maintenance database of it). */
export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A scratch database on the test server, dropped by `drop()`. */
export interface ScratchPostgresDatabase {
  /** The database's name, `sv_sdk_test_<random>`. */
  name: string;
  /** Connection URL of the new database. */
  url: string;
  /** Terminates the database's remaining connections and drops it. Idempotent. */
  drop(): Promise<void>;
}

/** The URL of the test server: `SV_SDK_TEST_POSTGRES_URL`, else the machine's 127.0.0.1:5432. */
export function testPostgresUrl(env: Record<string, string | undefined> = process.env): string {
  return env.SV_SDK_TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Creates an empty database `sv_sdk_test_<random>` on the test server.
 * @example const scratch = await createScratchPostgresDatabase(); try { … scratch.url … } finally { await scratch.drop(); }
 */
export async function createScratchPostgresDatabase(
  serverUrl: string = testPostgresUrl(),
): Promise<ScratchPostgresDatabase> {
  const name = `sv_sdk_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    // The name is ours (hex), so interpolating it as an identifier is safe.
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop() {
      dropped ??= (async () => {
        const client = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
        try {
          await client`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
          await client.unsafe(`drop database if exists "${name}" with (force)`);
        } finally {
          await client.end({ timeout: 5 });
        }
      })();
      return dropped;
    },
  };
}
