// PostgreSQL killed (SIGKILL to the postmaster and every backend) under load on PostgreSQL + Redis (BullMQ queue),
// down for ~12 s, restarted (crash recovery). Contract: a session in the cache still reads (get-session 200, never
// 401 or null); what needs the database answers 503 with Retry-After and SERVICE_UNAVAILABLE, fast (no answer over
// 5 s); /ready says 503 `down` quickly; the app recovers by itself (seconds to ready and to a working sign-in are
// measured); every request answered 2xx keeps its side effects; nothing secret is logged.
import { saveFigures, test } from './fixtures.ts';
import { runOutage } from './outage.ts';

test.describe.configure({ timeout: 180_000 });

test('PostgreSQL killed under load (Redis up): cached sessions read, 503 instead of 401, recovery, no job lost', async ({
  stack,
}) => {
  const engines = await stack({ redis: true });
  const figures = await runOutage({
    name: 'postgres killed',
    engine: 'bullmq',
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
