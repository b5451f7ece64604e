import { loadSDKConfig } from '../core/config-file.ts';
import { resolveCoreConfig, type CoreConfig } from '../core/config.ts';
import type { SDKConfig } from '../core/define-config.ts';
import { isSDKError } from '../core/errors.ts';
import { createLogger, type Logger } from '../core/logger.ts';

/** `--config`, on every command that builds the SDK. */
export const configArg = {
  config: {
    type: 'string',
    valueHint: 'path',
    description: 'The app configuration (default: sv-sdk.config.ts|.js|.mjs in the current directory)',
  },
} as const;

/**
 * The app's SDK configuration (`sv-sdk.config.ts` or `--config`), so the CLI installs the app's plugins. Without a
 * file only the foundation plugins run (one line says so); a bad file prints what is wrong and exits 1.
 */
export async function appConfig(args: { config?: string | undefined }): Promise<SDKConfig> {
  try {
    const loaded = await loadSDKConfig({ cwd: process.cwd(), configPath: args.config });
    if (loaded.path === undefined) {
      console.error(
        `[sv-sdk] No sv-sdk.config.ts in ${process.cwd()}: only the foundation plugins (db, cache, jobs) run. Use --config <path> to point at the app's.`,
      );
    }
    return loaded.config;
  } catch (error) {
    fail(error);
  }
}

/** Configuration (the environment, then the app's overrides) and logger of a CLI run that needs no plugins. */
export function cliContext(app: SDKConfig = {}): { config: CoreConfig; logger: Logger } {
  try {
    const config = resolveCoreConfig(process.env, app.config);
    const logger = createLogger({
      level: config.LOG_LEVEL === 'silent' ? 'warn' : config.LOG_LEVEL,
      pretty: process.stdout.isTTY,
      name: 'sv-sdk',
    });
    return { config, logger };
  } catch (error) {
    fail(error);
  }
}

/** Prints an error as a person should read it (no stack for known errors) and sets exit code 1. */
export function printError(error: unknown): void {
  // By name too: a config loaded through jiti brings its own copy of the kit, whose SDKError is another class.
  if (isSDKError(error) || (error instanceof Error && error.name === 'SDKError')) console.error(`✗ ${error.message}`);
  else console.error('✗', error);
  process.exitCode = 1;
}

/** `printError`, then exit at once: only before anything that needs closing is open. */
export function fail(error: unknown): never {
  printError(error);
  process.exit(1);
}

export function describeDatabase(config: CoreConfig): string {
  if (config.database === 'postgres' && config.DATABASE_URL) {
    const url = new URL(config.DATABASE_URL);
    return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
  }
  return `PGlite ${config.SV_SDK_DATA_DIR}`;
}
