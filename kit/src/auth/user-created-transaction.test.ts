// The queued deliveries of `user.created` (a welcome mail) commit in the sign-up's own transaction: a deferred
// constraint trigger, checked at COMMIT, refuses any new user whose delivery is not already in the job queue's table
// by then. An emit after the commit (what better-auth's after hooks do) would fail it; so would a crash between the
// commit and the emit lose the welcome.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineServerPlugin } from '../core/plugin.ts';
import { createAuthHarness, PASSWORD, type AuthHarness } from './fixtures/harness.ts';

describe('user.created and the sign-up transaction', () => {
  let h: AuthHarness;
  const synced: string[] = [];

  beforeAll(async () => {
    const listeners = defineServerPlugin({
      name: 'test.user-created',
      dependsOn: ['auth'],
      setup(ctx) {
        ctx.events.on('user.created', () => {}, { delivery: 'queued', id: 'test.welcome' });
        ctx.events.on('user.created', async (event) => {
          // Sync listeners run once the row is visible.
          const [row] = await ctx
            .use('db')
            .query<{ n: number }>(sql`select count(*)::int as n from auth."user" where id = ${event.userId}`);
          if (row?.n === 1) synced.push(event.userId);
        });
      },
    });
    h = await createAuthHarness({ sdk: { plugins: [listeners] } });
    await h.sdk.db.query(sql`
      create function public.sv_sdk_test_welcome_queued() returns trigger language plpgsql as $$
      begin
        if not exists (
          select 1 from sv_sdk.jobs
          where name = 'sv-sdk.event' and payload->>'listenerId' = 'test.welcome'
            and payload->'payload'->>'userId' = new.id
        ) then
          raise exception 'user % committed without its queued user.created delivery', new.id;
        end if;
        return null;
      end $$`);
    await h.sdk.db.query(sql`
      create constraint trigger sv_sdk_test_welcome_queued after insert on auth."user"
      deferrable initially deferred for each row execute function public.sv_sdk_test_welcome_queued()`);
  });
  afterAll(() => h?.close());

  it('stores the queued delivery in the sign-up transaction and runs sync listeners after the commit', async () => {
    const signUp = await h.call('/sign-up/email', {
      body: { email: 'welcome@example.com', password: PASSWORD, name: 'Welcome' },
    });
    expect(signUp.status).toBe(200);
    const created = h.last('user.created', (event) => event.email === 'welcome@example.com');
    expect(created?.userId).toBeTruthy();
    expect(synced).toContain(created?.userId);
  });
});
