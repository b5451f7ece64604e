// `sv-sdk`: the operational CLI (migrations, seeds, worker, health). Exit codes: 0 ok, 1 failure, 2 bad usage.
import { existsSync } from 'node:fs';
import { defineCommand, runMain } from 'citty';
import { auditCommand } from './audit.ts';
import { dbCommand } from './db.ts';
import { healthCommand } from './health.ts';
import { syncCommand } from './sync.ts';
import { workerCommand } from './worker.ts';

// The app's `.env.local` and `.env` (as Vite reads them for `vite dev`), so the CLI migrates and seeds with the same
// settings as the dev server. Variables already in the environment win; the first file that sets one wins.
for (const file of ['.env.local', '.env']) if (existsSync(file)) process.loadEnvFile(file);

const main = defineCommand({
  meta: { name: 'sv-sdk', description: 'Operate an sv-sdk app: database, jobs, health and the audit log.' },
  subCommands: { db: dbCommand, worker: workerCommand, health: healthCommand, sync: syncCommand, audit: auditCommand },
});

await runMain(main);
