// PostgreSQL killed (SIGKILL to the postmaster and every backend) under load, down for ~12 s, restarted (crash
// recovery), on both job queues: BullMQ (Redis up) and the PostgreSQL queue (REDIS_URL unset: the jobs live in
// PostgreSQL, the cache and rate limits in memory). Contract: a session in the cache still reads (get-session 200,
// never 401 or null); what needs the database answers 503 with Retry-After and SERVICE_UNAVAILABLE, fast (no answer
// over 5 s); /ready says 503 `down` quickly; the app recovers by itself (seconds to ready and to a working sign-in are
// measured); every request answered 2xx keeps its side effects (no welcome job lost for a sign-up answered 2xx,
// however the kill fell between the account's commit and its job); nothing secret is logged.
import { saveFigures, test } from './fixtures.ts';
import { runOutage } from './outage.ts';

test.describe.configure({ timeout: 180_000 });

const variants = [
  { redis: true, engine: 'bullmq', title: 'Redis up): cached sessions read' },
  { redis: false, engine: 'postgres', title: 'PostgreSQL job queue)' },
] as const;

for (const variant of variants) {
  test(`PostgreSQL killed under load (${variant.title}, 503 instead of 401, recovery, no job lost`, async ({
    stack,
  }) => {
    const engines = await stack({ redis: variant.redis });
    const figures = await runOutage({
      name: 'postgres killed',
      engine: variant.engine,
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
}
