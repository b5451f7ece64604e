import { defineCommand } from 'citty';
import { createSDK } from '../core/sdk.ts';
import { appConfig, configArg, fail } from './context.ts';

export const healthCommand = defineCommand({
  meta: { name: 'health', description: "Print the SDK's readiness report as JSON; exits 1 when it is down." },
  args: configArg,
  async run({ args }) {
    const app = await appConfig(args);
    const sdk = await createSDK({ ...app, config: { ...app.config, JOBS_WORKER: false, LOG_LEVEL: 'warn' } }).catch(
      fail,
    );
    try {
      const report = await sdk.health({ fresh: true });
      console.log(JSON.stringify(report, null, 2));
      if (report.status === 'down') process.exitCode = 1;
    } finally {
      await sdk.close('health check done');
    }
  },
});
