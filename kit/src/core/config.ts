import { z } from 'zod';
import { sdkError } from './errors.ts';

const booleanFromEnv = z.union([
  z.boolean(),
  z.stringbool({ truthy: ['true', '1', 'yes', 'on'], falsy: ['false', '0', 'no', 'off', ''] }),
]);
const positiveInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const postgresUrl = z
  .string()
  .trim()
  .refine(
    (value) => /^postgres(ql)?:\/\/.+/.test(value),
    'expected a PostgreSQL URL: postgres://user:password@host:5432/db',
  );
const redisUrl = z
  .string()
  .trim()
  .refine((value) => /^rediss?:\/\/.+/.test(value), 'expected a Redis URL: redis://[:password@]host:6379[/db]');

/** The empty string means "unset" in `.env` files. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional());

/**
 * The core's configuration: one zod schema for environment variables and `createSDK` options alike.
 * Names are those of `.env.example`. Domains add their own slice through their plugin's `config` schema.
 */
export const coreConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),

  DATABASE_URL: optional(postgresUrl),
  DB_POOL_SIZE: positiveInt(1, 500).default(10),
  /**
   * Fail fast when PostgreSQL is away: a connection attempt gives up after this many ms (postgres-js would wait 30 s),
   * so requests answer 503 instead of hanging.
   */
  DB_CONNECT_TIMEOUT_MS: positiveInt(100, 120_000).default(5000),
  /** PostgreSQL `statement_timeout` of the app's connections, in ms (0: none). Migrations run without it. */
  DB_STATEMENT_TIMEOUT_MS: positiveInt(0, 3_600_000).default(30_000),
  /** PGlite's data folder when DATABASE_URL is unset; `memory://` keeps the database in memory. */
  SV_SDK_DATA_DIR: z.string().trim().min(1).default('.sv-sdk/data'),
  /** Apply pending migrations at start-up. Default: on for the embedded database, off with DATABASE_URL. */
  DB_MIGRATE_ON_START: optional(booleanFromEnv),

  REDIS_URL: optional(redisUrl),
  /** Prefix of every Redis key and BullMQ queue of this app; lets apps share a Redis. */
  REDIS_KEY_PREFIX: z.string().trim().min(1).max(64).default('sv-sdk'),
  CACHE_MAX_ENTRIES: positiveInt(1, 10_000_000).default(10_000),

  /** Run the job worker inside this process (off on app nodes when `sv-sdk worker` runs elsewhere). */
  JOBS_WORKER: booleanFromEnv.default(true),
  JOBS_CONCURRENCY: positiveInt(1, 256).default(4),
  SHUTDOWN_TIMEOUT_MS: positiveInt(100, 600_000).default(10_000),
  /**
   * Bearer token that lets a monitor read the readiness details (each check, engines, counts) in production, where
   * anonymous callers get the status alone. At least 32 characters (`openssl rand -base64 32`).
   */
  HEALTH_TOKEN: optional(z.string().trim().min(32, 'HEALTH_TOKEN must have at least 32 characters')),
});

export type CoreConfigInput = z.input<typeof coreConfigSchema>;

export interface CoreConfig extends Omit<
  z.output<typeof coreConfigSchema>,
  'LOG_LEVEL' | 'LOG_FORMAT' | 'DB_MIGRATE_ON_START'
> {
  LOG_LEVEL: NonNullable<z.output<typeof coreConfigSchema>['LOG_LEVEL']>;
  LOG_FORMAT: 'json' | 'pretty';
  DB_MIGRATE_ON_START: boolean;
  /** Derived: which database engine runs. */
  database: 'pglite' | 'postgres';
}

export type EnvRecord = Record<string, string | undefined>;

/**
 * Parses `env` (usually `process.env`) with `options` on top. A bad value throws `CONFIG_INVALID` naming each
 * variable and what it expects; values themselves are never printed (they may be secrets).
 */
export function parseConfig<S extends z.ZodObject>(
  schema: S,
  env: EnvRecord,
  options: Record<string, unknown> = {},
  source = 'core',
): z.output<S> {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = key in options ? options[key] : env[key];
    // An empty value in a .env file means "unset": the default applies.
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(root)';
      return { variable: name, expected: describeIssue(issue) };
    });
    throw sdkError('CONFIG_INVALID', {
      message:
        `[sv-sdk] [${source}] Invalid configuration:\n` +
        problems.map((problem) => `  - ${problem.variable}: ${problem.expected}`).join('\n'),
      details: { problems },
    });
  }
  return parsed.data;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  // zod's messages name the expectation; strip any "received …" part so no value leaks.
  return issue.message.replace(/,?\s*received\s+.*$/i, '');
}

/** Parses the core configuration and derives what depends on other values. */
export function resolveCoreConfig(env: EnvRecord, options: Partial<CoreConfigInput> = {}): CoreConfig {
  const raw = parseConfig(coreConfigSchema, env, options);
  const database = raw.DATABASE_URL ? 'postgres' : 'pglite';
  return {
    ...raw,
    database,
    LOG_LEVEL:
      raw.LOG_LEVEL ?? (raw.NODE_ENV === 'test' ? 'silent' : raw.NODE_ENV === 'development' ? 'debug' : 'info'),
    LOG_FORMAT: raw.LOG_FORMAT ?? (raw.NODE_ENV === 'development' ? 'pretty' : 'json'),
    DB_MIGRATE_ON_START: raw.DB_MIGRATE_ON_START ?? database === 'pglite',
  };
}
