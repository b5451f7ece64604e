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
  const line = (label: string, values: (string | number | null)[]) =>
    `${label.padEnd(34)}${values.map((value) => String(value ?? '—').padStart(22)).join('')}`;
  const jobs = (row: OutageFigures) => row.jobs;
  return [
    line(
      '',
      rows.map((row) => row.scenario),
    ),
    line(
      'job queue',
      rows.map((row) => row.engine),
    ),
    line(
      'outage (s)',
      rows.map((row) => row.outageSeconds),
    ),
    line(
      'requests total',
      rows.map((row) => row.requests.total),
    ),
    line(
      'requests failed (all phases)',
      rows.map((row) => row.requests.failed),
    ),
    line(
      '  failed during the outage',
      rows.map((row) => row.requests.byPhase.during.failed),
    ),
    line(
      '  failed in recovery (to ready)',
      rows.map((row) => row.requests.byPhase.recovery.failed),
    ),
    line(
      '  proper 503s',
      rows.map((row) => row.requests.unavailable503),
    ),
    line(
      'p99 before (ms)',
      rows.map((row) => row.latencyMs.p99Before),
    ),
    line(
      'p99 during (ms)',
      rows.map((row) => row.latencyMs.p99During),
    ),
    line(
      'p99 after (ms)',
      rows.map((row) => row.latencyMs.p99After),
    ),
    line(
      'max during (ms)',
      rows.map((row) => row.latencyMs.maxDuring),
    ),
    line(
      '/ready max during (ms)',
      rows.map((row) => row.ready.maxMsDuringOutage),
    ),
    line(
      '/ready noticed after (s)',
      rows.map((row) => row.ready.secondsToNotice),
    ),
    line(
      's to ready after restart',
      rows.map((row) => row.ready.secondsToReady),
    ),
    line(
      's to sign-in after restart',
      rows.map((row) => row.secondsToSignIn),
    ),
    line(
      'welcome jobs expected',
      rows.map((row) => jobs(row).welcomeExpected),
    ),
    line(
      'welcome jobs lost',
      rows.map((row) => jobs(row).welcomeLost),
    ),
    line(
      'welcome jobs duplicated',
      rows.map((row) => jobs(row).welcomeDuplicated),
    ),
    line(
      'anonymisations expected',
      rows.map((row) => jobs(row).anonymiseExpected),
    ),
    line(
      'anonymisations lost',
      rows.map((row) => jobs(row).anonymiseLost),
    ),
    line(
      'accounts lost',
      rows.map((row) => jobs(row).usersLost),
    ),
    line(
      'secrets in logs',
      rows.map((row) => Object.values(row.secretsInLogs).reduce((a, b) => a + b, 0)),
    ),
    line(
      'server exits',
      rows.map((row) => row.appExits),
    ),
    line(
      'failed checks',
      rows.map((row) => row.failedChecks.length),
    ),
  ].join('\n');
}
