// Side effects of auth changes survive a Redis outage: the app on BullMQ (a redis-server of this file's own, killed
// and started again) and the test database. Account deletion and sign-up succeed while Redis is down; their follow-up
// jobs (anonymisation, queued `user.created` listeners) run once it is back, once each.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineServerPlugin } from '../core/plugin.ts';
import { until } from '../jobs/job-queue.test-suite.ts';
import { startOwnRedisServer, type OwnRedisServer } from '../testing/redis-server.ts';
import { createAuthHarness, PASSWORD, signedUpUser, type AuthHarness } from './fixtures/harness.ts';
import { user } from './schema.ts';

describe('auth follow-up jobs across a Redis outage', () => {
  let h: AuthHarness;
  let redis: OwnRedisServer;
  const welcomed: { userId: string; emitId: string }[] = [];

  beforeAll(async () => {
    redis = await startOwnRedisServer();
    const welcome = defineServerPlugin({
      name: 'test.welcome',
      dependsOn: ['auth'],
      setup(ctx) {
        ctx.events.on('user.created', (event, meta) => void welcomed.push({ userId: event.userId, emitId: meta.id }), {
          delivery: 'queued',
          id: 'test.welcome',
        });
      },
    });
    h = await createAuthHarness({
      config: {
        ACCOUNT_DELETION_GRACE_DAYS: 0,
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: `sv-sdk-test-outage-${process.pid}`,
        JOBS_WORKER: true,
      },
      sdk: { plugins: [welcome] },
    });
  });
  afterAll(async () => {
    await h?.close();
    await redis?.close();
  });

  const anonymised = async (userId: string) => {
    const [row] = await h.sdk.db.drizzle.select({ email: user.email }).from(user).where(eq(user.id, userId));
    return row?.email === `deleted-${userId}@anonymised.invalid`;
  };

  it('deletes an account while Redis is down, and anonymises it once Redis is back', async () => {
    const { cookie, userId } = await signedUpUser(h, 'leaving@example.com');
    await until(() => welcomed.some((entry) => entry.userId === userId), 10_000, 'the welcome before the outage');

    await redis.kill();
    const deleted = await h.call('/delete-user', { cookie, body: { password: PASSWORD } });
    expect(deleted.status).toBe(200);
    // Committed: signed out, marked deleted, and the anonymise job waits in the outbox with the change.
    expect(await h.auth.getSession(new Headers({ cookie }))).toBeNull();
    const waiting = await h.sdk.db.query<{ name: string }>(sql`select name from sv_sdk.outbox`);
    expect(waiting.map((row) => row.name)).toContain('auth.anonymise-user');
    expect(await anonymised(userId)).toBe(false);

    await redis.start();
    await until(() => anonymised(userId), 20_000, 'the anonymise job to run after Redis returned');
  });

  it('signs up while Redis is down; each queued welcome runs once Redis is back, once', async () => {
    await redis.kill();
    const emails = ['one@example.com', 'two@example.com', 'three@example.com'];
    for (const email of emails) {
      const signUp = await h.call('/sign-up/email', { body: { email, password: PASSWORD, name: 'Outage User' } });
      expect(signUp.status).toBe(200);
    }
    const created = emails.map((email) => h.last('user.created', (event) => event.email === email)?.userId);
    expect(created.every(Boolean)).toBe(true);
    await redis.start();
    await until(
      () => created.every((id) => welcomed.some((entry) => entry.userId === id)),
      20_000,
      'every welcome to run after Redis returned',
    );
    await new Promise((done) => setTimeout(done, 1000));
    for (const id of created) expect(welcomed.filter((entry) => entry.userId === id)).toHaveLength(1);
  });

  it('anonymises accounts whose job was lost before the outbox existed (the reconciler)', async () => {
    const { userId } = await signedUpUser(h, 'lost-job@example.com');
    // An account deleted with no job at all: what a lost enqueue left behind.
    await h.sdk.db.drizzle
      .update(user)
      .set({ deletedAt: new Date(Date.now() - 1000) })
      .where(eq(user.id, userId));
    expect(await h.auth.users.anonymiseDue()).toBeGreaterThanOrEqual(1);
    expect(await anonymised(userId)).toBe(true);
  });
});
