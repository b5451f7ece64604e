import { defineCommand } from 'citty';
import { verifyChain } from '../audit/verify.ts';
import { createDatabase } from '../db/index.ts';
import { appConfig, cliContext, configArg, describeDatabase, fail, printError } from './context.ts';

const verify = defineCommand({
  meta: {
    name: 'verify',
    description: "Recompute the audit log's hash chain; print the first broken link and exit 1 when there is one.",
  },
  args: {
    ...configArg,
    chain: { type: 'string', description: 'The chain to verify', default: 'main' },
    json: { type: 'boolean', description: 'Print the report as JSON' },
  },
  async run({ args }) {
    const { config, logger } = cliContext(await appConfig(args));
    const database = await createDatabase(config, logger).catch(fail);
    try {
      // With AUDIT_KEY (the app's .env is loaded), the signed checkpoints are checked too.
      const report = await verifyChain(database, args.chain, process.env.AUDIT_KEY || undefined);
      if (args.json) console.log(JSON.stringify(report, null, 2));
      else if (report.ok)
        console.log(`✓ ${describeDatabase(config)}: audit chain "${report.chain}" holds (${report.checked} entries)`);
      else
        console.log(
          `✗ ${describeDatabase(config)}: audit chain "${report.chain}" is broken at entry ${report.firstBroken?.seq} (id ${report.firstBroken?.id}, ${report.firstBroken?.reason}); ${report.checked} entries before it hold`,
        );
      if (!report.ok) process.exitCode = 1;
    } catch (error) {
      printError(error);
    } finally {
      await database.close();
    }
  },
});

export const auditCommand = defineCommand({
  meta: { name: 'audit', description: 'The audit log: verify its hash chain.' },
  subCommands: { verify },
});
