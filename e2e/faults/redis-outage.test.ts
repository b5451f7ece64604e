// Redis killed (SIGKILL) under load on PostgreSQL + Redis (BullMQ queue), down for ~12 s, restarted on its
// append-only file. Contract: every request still succeeds (cache misses read the database, rate limits fall back to
// memory), sign-ups and account deletions answer 2xx and their jobs run once Redis is back, /ready says `degraded`
// (200, not 503) within 100 ms and `ok` within 2 s of the restart, /health stays 200, nothing secret is logged.
import type { RedisServer } from './engines.ts';
import { saveFigures, test } from './fixtures.ts';
import { runOutage } from './outage.ts';

test.describe.configure({ timeout: 180_000 });

test('Redis killed under load: every request answered, /ready degraded, no job lost, no secret logged', async ({
  stack,
}) => {
  const engines = await stack({ redis: true });
  const redis = engines.redis as RedisServer;
  const figures = await runOutage({
    name: 'redis killed',
    engine: 'bullmq',
    killed: 'redis',
    stack: engines,
    kill: () => redis.kill(),
    restart: () => redis.start(),
    unavailableAllowed: false,
    readyDuringOutage: { status: 200, report: 'degraded', maxMs: 100 },
    readyWithinSeconds: 2,
    signInWithinSeconds: 2,
    slowMs: 5_000,
  });
  saveFigures(figures);
  console.log(`${figures.scenario} (${figures.engine}): ${figures.failedChecks.length} checks failed`);
});
