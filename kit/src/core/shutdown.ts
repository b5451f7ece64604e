import type { Logger } from './logger.ts';

interface Closable {
  close(reason?: string): Promise<void>;
}

/**
 * Closes the SDK on SIGTERM/SIGINT and then exits; a second signal exits at once. For the CLI and the worker:
 * inside a SvelteKit server the adapter owns the process, and the app calls `sdk.close()` from its own hook.
 * Returns a function that removes the handlers.
 */
export function installShutdownHandlers(
  sdk: Closable,
  logger: Logger,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    sdk.close(`received ${signal}`).then(
      () => exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
