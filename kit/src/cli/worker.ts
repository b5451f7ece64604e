import { defineCommand } from 'citty';
import { createSDK } from '../core/sdk.ts';
import { installShutdownHandlers } from '../core/shutdown.ts';
import { appConfig, configArg, fail } from './context.ts';

export const workerCommand = defineCommand({
  meta: {
    name: 'worker',
    description: 'Work jobs (email sends, queued events) until SIGTERM; drains in-flight jobs on exit.',
  },
  args: {
    ...configArg,
    concurrency: { type: 'string', description: 'Jobs worked at once (JOBS_CONCURRENCY)' },
  },
  async run({ args }) {
    // The app's plugins, so the worker knows every job and queued listener the app enqueues.
    const app = await appConfig(args);
    const config: Record<string, unknown> = { ...app.config, JOBS_WORKER: true };
    if (args.concurrency !== undefined) config.JOBS_CONCURRENCY = args.concurrency;
    const sdk = await createSDK({ ...app, config }).catch(fail);
    installShutdownHandlers(sdk, sdk.logger);
    sdk.logger.info(
      { queue: sdk.jobs.kind, concurrency: sdk.config.JOBS_CONCURRENCY },
      'worker running; SIGTERM to stop',
    );
  },
});
