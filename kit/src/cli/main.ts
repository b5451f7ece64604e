// `sv-sdk`: the operational CLI (migrations, seeds, worker, health). Exit codes: 0 ok, 1 failure, 2 bad usage.
import { defineCommand, runMain } from 'citty';
import { dbCommand } from './db.ts';
import { healthCommand } from './health.ts';
import { workerCommand } from './worker.ts';

const main = defineCommand({
  meta: { name: 'sv-sdk', description: 'Operate an sv-sdk app: database, jobs and health.' },
  subCommands: { db: dbCommand, worker: workerCommand, health: healthCommand },
});

await runMain(main);
