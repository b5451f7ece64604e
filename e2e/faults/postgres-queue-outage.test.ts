// PostgreSQL killed under load on PostgreSQL alone (REDIS_URL unset: the jobs live in PostgreSQL, the cache and
// rate limits in memory). The same contract as with Redis, and the queue's own: no welcome job lost for a sign-up
// answered 2xx, however the kill fell between the account's commit and its job.
import { saveFigures, test } from './fixtures.ts';
import { runOutage } from './outage.ts';

test.describe.configure({ timeout: 180_000 });

test('PostgreSQL killed under load (PostgreSQL job queue): 503 instead of 401, recovery, no job lost', async ({
  stack,
}) => {
  const engines = await stack({ redis: false });
  const figures = await runOutage({
    name: 'postgres killed',
    engine: 'postgres',
    killed: 'postgres',
    stack: engines,
    kill: () => engines.db.kill(),
    restart: () => engines.db.start(),
    unavailableAllowed: true,
    readyDuringOutage: { status: 503, report: 'down', maxMs: 1_000 },
    readyWithinSeconds: 10,
    signInWithinSeconds: 10,
    slowMs: 5_000,
  });
  saveFigures(figures);
  console.log(`${figures.scenario} (${figures.engine}): ${figures.failedChecks.length} checks failed`);
});
