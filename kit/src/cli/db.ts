import { defineCommand } from 'citty';
import { createSDK } from '../core/sdk.ts';
import { createDatabase, migrationStatus } from '../db/index.ts';
import { appConfig, cliContext, configArg, describeDatabase, fail, printError } from './context.ts';

const migrate = defineCommand({
  meta: { name: 'migrate', description: 'Apply pending migrations (under an advisory lock: safe from several nodes).' },
  args: configArg,
  async run({ args }) {
    const { config, logger } = cliContext(await appConfig(args));
    const database = await createDatabase(config, logger).catch(fail);
    try {
      const report = await database.migrate();
      console.log(
        `✓ ${describeDatabase(config)}: ${report.applied.length} applied${report.applied.length ? ` (${report.applied.join(', ')})` : ''}, ${report.alreadyApplied} already there`,
      );
    } catch (error) {
      printError(error);
    } finally {
      await database.close();
    }
  },
});

const status = defineCommand({
  meta: { name: 'status', description: 'List applied and pending migrations; exits 1 when some are pending.' },
  args: configArg,
  async run({ args }) {
    const { config, logger } = cliContext(await appConfig(args));
    const database = await createDatabase(config, logger).catch(fail);
    try {
      const result = await migrationStatus(database);
      console.log(`${describeDatabase(config)}`);
      for (const name of result.applied) console.log(`  ✓ ${name}`);
      for (const name of result.pending) console.log(`  … ${name} (pending)`);
      if (result.pending.length > 0) {
        console.log(`${result.pending.length} pending: run \`sv-sdk db migrate\``);
        process.exitCode = 1;
      }
    } catch (error) {
      printError(error);
    } finally {
      await database.close();
    }
  },
});

const seed = defineCommand({
  meta: { name: 'seed', description: "Run the idempotent seeds of the app's plugins (roles, admin user, templates)." },
  args: configArg,
  async run({ args }) {
    const app = await appConfig(args);
    const sdk = await createSDK({ ...app, config: { ...app.config, JOBS_WORKER: false } }).catch(fail);
    try {
      const report = await sdk.seed();
      console.log(
        `✓ ${describeDatabase(sdk.config)}: ${report.ran.length} seeds ran${report.ran.length ? ` (${report.ran.join(', ')})` : ''}`,
      );
    } catch (error) {
      printError(error);
    } finally {
      await sdk.close('seed done');
    }
  },
});

export const dbCommand = defineCommand({
  meta: { name: 'db', description: 'Database: migrate, status, seed.' },
  subCommands: { migrate, status, seed },
});
