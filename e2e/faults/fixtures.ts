// The `stack` fixture: a PostgreSQL cluster, optionally a redis-server, and the demo build on them, all of the
// suite's own. Whatever the test does (fails, times out), the teardown stops them, attaches their logs and removes
// their folders; the global teardown sweeps anything a dead worker left.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test as base } from '@playwright/test';
import { DemoServer } from './demo-server.ts';
import { PostgresCluster, RedisServer } from './engines.ts';
import type { OutageFigures, Stack } from './outage.ts';

export const PORTS = {
  app: Number(process.env.FAULTS_BASE_PORT ?? 4191),
  postgres: Number(process.env.FAULTS_PG_PORT ?? 5490),
  redis: Number(process.env.FAULTS_REDIS_PORT ?? 6390),
};

export const FIGURES_FILE = resolve(import.meta.dirname, '../test-results/fault-figures.json');

export interface StackOptions {
  /** With Redis: cache, rate limits and the BullMQ queue there; without: memory and the PostgreSQL queue. */
  redis: boolean;
  env?: Record<string, string>;
}

export const test = base.extend<{ stack: (options: StackOptions) => Promise<Stack> }>({
  // eslint-disable-next-line no-empty-pattern
  stack: async ({}, use, testInfo) => {
    const stacks: { db: PostgresCluster; redis?: RedisServer; app?: DemoServer }[] = [];
    await use(async (options) => {
      const entry: (typeof stacks)[number] = { db: new PostgresCluster(PORTS.postgres) };
      stacks.push(entry);
      entry.db.init();
      await entry.db.start();
      if (options.redis) {
        entry.redis = new RedisServer(PORTS.redis);
        await entry.redis.start();
      }
      entry.app = new DemoServer({
        port: PORTS.app,
        databaseUrl: entry.db.url,
        redisUrl: entry.redis?.url,
        env: options.env,
      });
      await entry.app.start();
      return { app: entry.app, db: entry.db, redis: entry.redis };
    });
    for (const { db, redis, app } of stacks.reverse()) {
      const stopStarted = Date.now();
      await app?.stop();
      const stopSeconds = (Date.now() - stopStarted) / 1000;
      await redis?.stop();
      await db.stop();
      const logs: [string, string][] = [
        ['server stdout', app?.stdoutPath ?? ''],
        ['server stderr', app?.stderrPath ?? ''],
        ['redis log', redis ? join(redis.dir, 'redis.log') : ''],
        ['postgres log', join(db.dir, 'postgres.log')],
      ];
      // Copied into the test's output folder (test-results/faults/…) before the folders go.
      for (const [name, path] of logs)
        if (path && existsSync(path)) await testInfo.attach(name, { path, contentType: 'text/plain' });
      if (app) testInfo.annotations.push({ type: 'server stop', description: `${stopSeconds.toFixed(1)} s` });
      for (const dir of [app?.dir, redis?.dir, db.dir]) if (dir) rmSync(dir, { recursive: true, force: true });
    }
  },
});

/** Adds a scenario's figures to the run's file (the global setup empties it; the global teardown prints it). */
export function saveFigures(figures: OutageFigures): void {
  mkdirSync(dirname(FIGURES_FILE), { recursive: true });
  const rows = existsSync(FIGURES_FILE) ? (JSON.parse(readFileSync(FIGURES_FILE, 'utf8')) as OutageFigures[]) : [];
  rows.push(figures);
  writeFileSync(FIGURES_FILE, `${JSON.stringify(rows, null, 2)}\n`);
}

/** The figures as a table, one column per scenario. */
export function figuresTable(rows: OutageFigures[]): string {
  const columns: [label: string, value: (row: OutageFigures) => string | number | null][] = [
    ['', (row) => row.scenario],
    ['job queue', (row) => row.engine],
    ['outage (s)', (row) => row.outageSeconds],
    ['requests total', (row) => row.requests.total],
    ['requests failed (all phases)', (row) => row.requests.failed],
    ['  failed during the outage', (row) => row.requests.byPhase.during.failed],
    ['  failed in recovery (to ready)', (row) => row.requests.byPhase.recovery.failed],
    ['  proper 503s', (row) => row.requests.unavailable503],
    ['p99 before (ms)', (row) => row.latencyMs.p99Before],
    ['p99 during (ms)', (row) => row.latencyMs.p99During],
    ['p99 after (ms)', (row) => row.latencyMs.p99After],
    ['max during (ms)', (row) => row.latencyMs.maxDuring],
    ['/ready max during (ms)', (row) => row.ready.maxMsDuringOutage],
    ['/ready noticed after (s)', (row) => row.ready.secondsToNotice],
    ['s to ready after restart', (row) => row.ready.secondsToReady],
    ['s to sign-in after restart', (row) => row.secondsToSignIn],
    ['welcome jobs expected', (row) => row.jobs.welcomeExpected],
    ['welcome jobs lost', (row) => row.jobs.welcomeLost],
    ['welcome jobs duplicated', (row) => row.jobs.welcomeDuplicated],
    ['anonymisations expected', (row) => row.jobs.anonymiseExpected],
    ['anonymisations lost', (row) => row.jobs.anonymiseLost],
    ['accounts lost', (row) => row.jobs.usersLost],
    ['secrets in logs', (row) => Object.values(row.secretsInLogs).reduce((a, b) => a + b, 0)],
    ['server exits', (row) => row.appExits],
    ['failed checks', (row) => row.failedChecks.length],
  ];
  return columns
    .map(([label, value]) => `${label.padEnd(34)}${rows.map((row) => String(value(row) ?? '—').padStart(22)).join('')}`)
    .join('\n');
}
