import { resolveCoreConfig, type CoreConfig } from '../core/config.ts';
import { isSDKError } from '../core/errors.ts';
import { createLogger, type Logger } from '../core/logger.ts';

/** Configuration and logger of a CLI run; a bad configuration prints what to fix and exits 1. */
export function cliContext(): { config: CoreConfig; logger: Logger } {
  try {
    const config = resolveCoreConfig(process.env);
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
  if (isSDKError(error)) console.error(`✗ ${error.message}`);
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
