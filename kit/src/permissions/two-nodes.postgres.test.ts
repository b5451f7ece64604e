// Two app nodes sharing PostgreSQL and Redis: a role given, or a role's permissions changed, on node A reaches the
// policies node B keeps warm in its in-process L1 (the tiered cache's pub/sub invalidation drops them). Always on the
// machine's PostgreSQL and Redis (a scratch database and key prefix of its own), whatever SV_SDK_TEST_DB says, like
// the other *.postgres tests. The latency is printed (the bench keeps the figure); the test asserts it happens.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthHarness, signedUpUser, type AuthHarness } from '../auth/fixtures/harness.ts';
import { dbPlugin } from '../db/plugin.ts';
import { createScratchPostgresDatabase, type ScratchPostgresDatabase } from '../testing/index.ts';
import { permissionsPlugin } from './plugin.ts';
import type { Policy } from './policy.ts';
import { POLICY_PREFIX } from './service.ts';
import type { PermissionsService } from './types.ts';

const REDIS_URL = process.env.SV_SDK_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const POLL_MS = 5;
const DEADLINE_MS = 2000;

/** Polls `check` every 5 ms until it holds or 2 s have passed; how long it took, or undefined if it never held. */
async function within(check: () => Promise<boolean>): Promise<number | undefined> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > DEADLINE_MS) return undefined;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

describe('policy invalidation across nodes (PostgreSQL + Redis)', () => {
  let scratch: ScratchPostgresDatabase;
  let a: AuthHarness;
  let b: AuthHarness;
  let onA: PermissionsService;
  let onB: PermissionsService;
  const prefix = `sv-sdk-test-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    scratch = await createScratchPostgresDatabase();
    const node = (migrate: boolean) =>
      createAuthHarness({
        config: {
          DATABASE_URL: scratch.url,
          DB_MIGRATE_ON_START: migrate,
          REDIS_URL,
          REDIS_KEY_PREFIX: prefix,
          JOBS_WORKER: false,
          SV_SDK_ADMIN_EMAIL: 'root@example.com',
          SV_SDK_ADMIN_PASSWORD: 'violet-Tractor-harbour-92!',
        },
        sdk: {
          plugins: [
            dbPlugin(),
            permissionsPlugin({ permissions: { 'report:read': 'Read reports', 'report:export': 'Export reports' } }),
          ],
        },
      });
    a = await node(true);
    b = await node(false);
    await a.sdk.seed();
    onA = a.sdk.service('permissions');
    onB = b.sdk.service('permissions');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await scratch?.drop();
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
    await redis.quit();
  });

  /**
   * Warms `userId`'s policy on node B until B answers it from its L1 (no I/O); returns that policy. A miss computes
   * the policy and writes it to Redis (not to the computing node's L1); the next lookup copies Redis's into L1 unless
   * an invalidation (an earlier change's message still on its way) raced with it, so this asks again until it is.
   */
  async function warmOnB(userId: string): Promise<Policy> {
    const first = await onB.policyFor(userId);
    expect(first.userId).toBe(userId);
    const warmed = await within(async () => {
      await onB.policyFor(userId);
      return onB.peekPolicy(userId) !== undefined;
    });
    expect(warmed, 'B keeps the policy in its L1').toBeDefined();
    const warm = onB.peekPolicy(userId) as Policy;
    // From L1: the same compiled object, however often it is asked.
    expect(await onB.policyFor(userId)).toBe(warm);
    expect(await onB.policyFor(userId)).toBe(warm);
    expect(warm.data).toEqual(first.data);
    return warm;
  }

  it('both nodes run the tiered cache on one Redis', () => {
    expect(a.sdk.cache.kind).toBe('tiered');
    expect(b.sdk.cache.kind).toBe('tiered');
  });

  it('a role given on node A is seen by node B, whose warm copy is dropped; other users stay warm', async () => {
    const alice = await signedUpUser(a, 'alice@example.com');
    const bob = await signedUpUser(a, 'bob@example.com');
    const before = await warmOnB(alice.userId);
    expect(before.has('admin:access')).toBe(false);
    const bobs = await warmOnB(bob.userId);

    await onA.roles.assign(alice.userId, 'manager');
    const latency = await within(async () => (await onB.policyFor(alice.userId)).has('admin:access'));
    console.log(`[two nodes] role assigned on A, seen on B after ${latency?.toFixed(1)} ms`);
    expect(latency, 'B sees the new role within 2 s').toBeDefined();
    // Node A answers from the database at once; B's fresh policy is the same as A's.
    expect((await onA.policyFor(alice.userId)).has('admin:access')).toBe(true);
    expect((await onB.policyFor(alice.userId)).data).toEqual((await onA.policyFor(alice.userId)).data);
    // Only Alice's entry was dropped: Bob's compiled policy is still warm in B's L1.
    expect(onB.peekPolicy(bob.userId)).toBe(bobs);

    // Revoked on A: B loses it again.
    await onA.roles.revoke(alice.userId, 'manager');
    const revoked = await within(async () => !(await onB.policyFor(alice.userId)).has('admin:access'));
    console.log(`[two nodes] role revoked on A, seen on B after ${revoked?.toFixed(1)} ms`);
    expect(revoked, 'B sees the revocation within 2 s').toBeDefined();
  });

  it("a role's permissions changed on node A drop every policy B keeps (and its role catalog)", async () => {
    const carol = await signedUpUser(a, 'carol@example.com');
    const dave = await signedUpUser(a, 'dave@example.com');
    await onA.roles.create({ name: 'analyst', permissions: ['report:read'] });
    await onA.roles.assign(carol.userId, 'analyst');
    const before = await warmOnB(carol.userId);
    expect(before.has('report:read')).toBe(true);
    expect(before.has('report:export')).toBe(false);
    // Dave holds no role but the default: his policy is cached all the same, and must go too.
    await warmOnB(dave.userId);

    await onA.roles.update('analyst', { permissions: ['report:read', 'report:export'] });
    const latency = await within(async () => (await onB.policyFor(carol.userId)).has('report:export'));
    console.log(`[two nodes] role's permissions changed on A, seen on B after ${latency?.toFixed(1)} ms`);
    expect(latency, 'B sees the changed role within 2 s').toBeDefined();
    // Every policy under the prefix went, Dave's included (he is reloaded at his next request).
    const dropped = await within(() => Promise.resolve(onB.peekPolicy(dave.userId) === undefined));
    expect(dropped, 'B drops every cached policy').toBeDefined();
    expect(await b.sdk.cache.get(POLICY_PREFIX + dave.userId)).toBeUndefined();

    // A change to a role everyone holds through the defaults reaches a user who holds no role at all.
    await onA.roles.update('user', {
      permissions: [
        'user:read:own',
        'user:update:own',
        'user:delete:own',
        'session:read:own',
        'session:revoke:own',
        'report:read',
      ],
    });
    const reached = await within(async () => (await onB.policyFor(dave.userId)).has('report:read'));
    console.log(`[two nodes] default role changed on A, seen on B after ${reached?.toFixed(1)} ms`);
    expect(reached, 'B sees the default role changed within 2 s').toBeDefined();
  });
});
