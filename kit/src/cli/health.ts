import { defineCommand } from 'citty';
import { createSDK } from '../core/sdk.ts';
import { fail } from './context.ts';

export const healthCommand = defineCommand({
  meta: { name: 'health', description: "Print the SDK's readiness report as JSON; exits 1 when it is down." },
  async run() {
    const sdk = await createSDK({ config: { JOBS_WORKER: false, LOG_LEVEL: 'warn' } }).catch(fail);
    try {
      const report = await sdk.health();
      console.log(JSON.stringify(report, null, 2));
      if (report.status === 'down') process.exitCode = 1;
    } finally {
      await sdk.close('health check done');
    }
  },
});
