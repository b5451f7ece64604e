// Benches of the permissions domain with its database and cache, each beside a baseline from the same run, on the
// machine's PostgreSQL and Redis (a scratch database and key prefix of its own): `node bench/run.ts permissions-db`.
// - a cold check (the user's cached policy dropped, then `can`): the policy loaded from PostgreSQL, vs a raw
//   primary-key SELECT through `db.query` (target <= 2 ms p50), with Redis in front and without;
// - the per-request set-up of the SvelteKit handle when the policy is warm (`policyFor` from memory and the `can`
//   closure bound, one check) vs a `cache.get` of a small key (target <= 5 µs p50);
// - invalidation across two SDK nodes on one Redis (a role assigned on A, polled on B until B's policy has it) vs a
//   raw Redis PUBLISH → message round trip measured the same way (target <= 100 ms p50).
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { percentile, timeAlternately, type BenchSuite, type TimingStats } from '../../bench/harness.ts';
import { createAuthHarness, signedUpUser, type AuthHarness } from '../auth/fixtures/harness.ts';
import { dbPlugin } from '../db/plugin.ts';
import { createScratchPostgresDatabase } from '../testing/postgres.ts';
import type { CheckContext, ResourceObject } from './conditions.ts';
import { permissionsPlugin } from './plugin.ts';
import type { Policy } from './policy.ts';
import type { PermissionsService } from './types.ts';

const REDIS_URL = process.env.SV_SDK_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const ADMIN = { SV_SDK_ADMIN_EMAIL: 'root@example.com', SV_SDK_ADMIN_PASSWORD: 'violet-Tractor-harbour-92!' };
/** Rounds of the cross-node invalidation figure (each one a role given or taken, and a raw PUBLISH). */
const INVALIDATION_ROUNDS = 30;

/** Statistics of samples in nanoseconds. */
function statsOf(values: readonly number[]): TimingStats {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    p50Ns: percentile(values, 50),
    p99Ns: percentile(values, 99),
    meanNs: Math.round(mean),
    opsPerSecond: Math.round(1e9 / mean),
    samples: values.length,
  };
}

/**
 * Times async tasks one call a sample, in alternating batches (the order flips each round) so the load of a busy
 * machine weighs on each the same. `before` runs untimed ahead of each call of its task.
 */
async function interleaved<K extends string>(
  tasks: Record<K, { run: () => Promise<unknown>; before?: () => Promise<unknown> }>,
  { rounds = 30, batch = 20, warmup = 50 } = {},
): Promise<Record<K, TimingStats>> {
  const names = Object.keys(tasks) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (const name of names)
    for (let i = 0; i < warmup; i += 1) {
      await tasks[name].before?.();
      await tasks[name].run();
    }
  for (let round = 0; round < rounds; round += 1) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      for (let i = 0; i < batch; i += 1) {
        await tasks[name].before?.();
        const started = process.hrtime.bigint();
        await tasks[name].run();
        samples[name].push(Number(process.hrtime.bigint() - started));
      }
    }
  }
  return Object.fromEntries(names.map((name) => [name, statsOf(samples[name])])) as Record<K, TimingStats>;
}

/**
 * Nanoseconds from now until `check` holds, asked back to back (a `setImmediate` between two asks, so I/O is
 * served); throws after `timeoutMs`.
 */
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<number> {
  const started = process.hrtime.bigint();
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return Number(process.hrtime.bigint() - started);
}

/**
 * What `svSdkHandle` does for permissions on each request of a signed-in user (handle.ts): the lazily loaded,
 * memoised policy and the `can` closure with the request's IP as default context; then one check, as a route would.
 */
function handleRequest(permissions: PermissionsService, userId: string, clientIp: string): Promise<boolean> {
  const loadPolicy = (): Promise<Policy> => permissions.policyFor(userId);
  let policy: Promise<Policy> | undefined;
  const requestContext: CheckContext = { ip: clientIp };
  const locals = {
    policy: () => (policy ??= loadPolicy()),
    can: async (action: string, resource: string, object?: ResourceObject, context?: CheckContext) =>
      (await locals.policy()).can(action, resource, object, context ?? requestContext),
  };
  return locals.can('update', 'user', { id: userId });
}

/** A node of the bench: auth and permissions on the scratch database, with Redis (tiered cache) or without. */
function node(url: string, options: { migrate: boolean; redisPrefix?: string }): Promise<AuthHarness> {
  return createAuthHarness({
    config: {
      ...ADMIN,
      DATABASE_URL: url,
      DB_MIGRATE_ON_START: options.migrate,
      JOBS_WORKER: false,
      ...(options.redisPrefix ? { REDIS_URL, REDIS_KEY_PREFIX: options.redisPrefix } : {}),
    },
    sdk: { plugins: [dbPlugin(), permissionsPlugin()] },
  });
}

async function dropRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

const suite: BenchSuite = async (bench) => {
  const scratch = await createScratchPostgresDatabase();
  const prefix = `sv-sdk-bench-${randomBytes(4).toString('hex')}`;
  const nodes: AuthHarness[] = [];
  try {
    const a = await node(scratch.url, { migrate: true, redisPrefix: prefix });
    nodes.push(a);
    const b = await node(scratch.url, { migrate: false, redisPrefix: prefix });
    nodes.push(b);
    const single = await node(scratch.url, { migrate: false });
    nodes.push(single);
    if (a.sdk.cache.kind !== 'tiered' || b.sdk.cache.kind !== 'tiered')
      throw new Error(`Redis at ${REDIS_URL} is not in use: the cache is ${a.sdk.cache.kind}`);
    await a.sdk.seed();
    const onA = a.sdk.service('permissions');
    const onB = b.sdk.service('permissions');
    const onSingle = single.sdk.service('permissions');
    const { userId } = await signedUpUser(a, 'bench-permissions@example.com');
    const { userId: movingId } = await signedUpUser(a, 'bench-moving@example.com');
    // A user with a role beside the default one: the cold load reads assignments and joins roles.
    await onA.roles.assign(userId, 'manager');
    for (const service of [onA, onSingle])
      if (!(await service.can(userId, 'read', 'user', { id: movingId })))
        throw new Error('the bench user cannot read users: the manager role is not in effect');

    // ── (a) Cold check: the policy dropped, then loaded from PostgreSQL ────────────────────────────────────────
    const rawSelect = (db: AuthHarness['sdk']['db']) => () =>
      db.query(sql`select * from auth."user" where id = ${userId}`);
    const cold = (service: PermissionsService) => ({
      before: () => service.invalidate(userId),
      run: () => service.can(userId, 'read', 'user', { id: movingId }),
    });
    const timed = await interleaved({
      raw: { run: rawSelect(a.sdk.db) },
      tiered: cold(onA),
      rawSingle: { run: rawSelect(single.sdk.db) },
      memory: cold(onSingle),
    });
    for (const [id, subject, raw, where] of [
      ['permissions.cold-check.redis', timed.tiered, timed.raw, 'Redis in front (tiered cache)'],
      ['permissions.cold-check.memory', timed.memory, timed.rawSingle, 'in-process cache, no Redis'],
    ] as const)
      bench.record({
        id,
        title: `cold check: invalidate(user) then can() loads the policy from PostgreSQL, ${where} (p50; p99 ${Math.round(subject.p99Ns / 1000)} µs)`,
        value: subject.p50Ns,
        unit: 'ns p50',
        baseline: { name: 'raw PK SELECT (db.query)', value: raw.p50Ns },
        ratio: Math.round((subject.p50Ns / raw.p50Ns) * 1000) / 1000,
        target: '<= 2 ms p50',
        pass: subject.p50Ns <= 2_000_000,
      });

    // ── (b) Per-request set-up of the handle, policy warm in memory ────────────────────────────────────────────
    await onA.policyFor(userId);
    await until(async () => {
      await onA.policyFor(userId);
      return onA.peekPolicy(userId) !== undefined;
    });
    await a.sdk.cache.set('bench:small', { ok: true }, 600);
    await until(async () => (await a.sdk.cache.get('bench:small')) !== undefined);
    let allowed = 0;
    let asked = 0;
    const perRequest = await timeAlternately(
      bench,
      ['cache.get(small key), L1 hit', async () => ((await a.sdk.cache.get('bench:small')) ? 1 : 0)],
      [
        'handle per-request set-up + one locals.can',
        async () => {
          asked += 1;
          if (await handleRequest(onA, userId, '203.0.113.50')) allowed += 1;
        },
      ],
      { timeMs: 600, warmupMs: 150 },
    );
    if (asked === 0 || allowed !== asked) throw new Error(`${allowed} of ${asked} per-request checks were allowed`);
    if (onA.peekPolicy(userId) === undefined) throw new Error('the policy left the L1 during the bench');
    bench.record({
      id: 'permissions.handle.per-request',
      title: 'handle per request, policy warm: policyFor from L1, locals.policy/can bound, one can() (p50)',
      value: perRequest.subject.p50Ns,
      unit: 'ns p50',
      baseline: { name: 'cache.get of a small key (L1 hit)', value: perRequest.baseline.p50Ns },
      ratio: Math.round((perRequest.subject.p50Ns / perRequest.baseline.p50Ns) * 1000) / 1000,
      target: '<= 5000 ns p50',
      pass: perRequest.subject.p50Ns <= 5_000,
    });

    // ── (c) Invalidation across two nodes on one Redis ─────────────────────────────────────────────────────────
    const publisher = new Redis(REDIS_URL);
    const subscriber = new Redis(REDIS_URL);
    try {
      const channel = `${prefix}:bench-channel`;
      let received = 0;
      subscriber.on('message', (from: string) => {
        if (from === channel) received += 1;
      });
      await subscriber.subscribe(channel);
      const raw: number[] = [];
      const crossNode: number[] = [];
      const assignMs: number[] = [];
      for (let round = 0; round < INVALIDATION_ROUNDS; round += 1) {
        // Raw: PUBLISH on one connection, poll until the other one's message handler has run.
        const expected = received + 1;
        await publisher.publish(channel, 'x');
        raw.push(await until(() => received >= expected));

        // Ours: B holds the user's policy in its L1; A gives (or takes back) a role; B asks until it sees it.
        const give = round % 2 === 0;
        await onB.policyFor(movingId);
        await until(async () => {
          await onB.policyFor(movingId);
          return onB.peekPolicy(movingId) !== undefined;
        });
        if ((await onB.policyFor(movingId)).has('admin:access') === give)
          throw new Error('the moving user already has the state the round sets');
        const started = performance.now();
        if (give) await onA.roles.assign(movingId, 'manager');
        else await onA.roles.revoke(movingId, 'manager');
        assignMs.push(performance.now() - started);
        crossNode.push(await until(async () => (await onB.policyFor(movingId)).has('admin:access') === give));
      }
      const subject = statsOf(crossNode);
      const baseline = statsOf(raw);
      bench.record({
        id: 'permissions.invalidation.two-nodes',
        title: `role given/taken on node A, seen by node B's policyFor (from A's call resolving; B reloads from PostgreSQL), ${INVALIDATION_ROUNDS} rounds, p99 ${round2(subject.p99Ns / 1e6)} ms; A's assign itself ${round2(percentile(assignMs, 50))} ms p50`,
        value: round2(subject.p50Ns / 1e6),
        unit: 'ms p50',
        baseline: { name: 'raw Redis PUBLISH → message', value: round2(baseline.p50Ns / 1e6) },
        ratio: Math.round((subject.p50Ns / baseline.p50Ns) * 1000) / 1000,
        target: '<= 100 ms p50',
        pass: subject.p50Ns <= 100e6,
      });
    } finally {
      publisher.disconnect();
      subscriber.disconnect();
    }
  } finally {
    for (const harness of nodes.reverse()) await harness.close();
    await scratch.drop();
    await dropRedisKeys(prefix);
  }
};

const round2 = (value: number) => Math.round(value * 100) / 100;

export default suite;
