// Security review of the permissions domain (PGlite, or PostgreSQL with SV_SDK_TEST_DB=postgres): ways around the
// admin gate of better-auth's endpoints, the lockout rule and the policy cache, each shown by the attack it stops.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { user } from '../auth/schema.ts';
import { createAuthHarness, NEW_PASSWORD, PASSWORD, signedUpUser, type AuthHarness } from '../auth/fixtures/harness.ts';
import { isSDKError } from '../core/errors.ts';
import { permissionsPlugin } from './plugin.ts';
import type { PermissionsService } from './types.ts';

async function rejection(promise: Promise<unknown>): Promise<{ code: string; status: number }> {
  try {
    await promise;
  } catch (error) {
    if (isSDKError(error)) return { code: error.code, status: error.status };
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('permissions: security review', () => {
  let h: AuthHarness;
  let permissions: PermissionsService;
  let root: { cookie: string; userId: string };
  let bob: { cookie: string; userId: string };
  const rowOf = async (userId: string) => (await h.sdk.db.drizzle.select().from(user).where(eq(user.id, userId)))[0];
  const signIn = async (email: string, password = PASSWORD) =>
    (await h.call('/sign-in/email', { body: { email, password } })).cookie;

  beforeAll(async () => {
    h = await createAuthHarness({
      config: { SV_SDK_ADMIN_EMAIL: 'root@example.com', SV_SDK_ADMIN_PASSWORD: PASSWORD },
      sdk: { plugins: [permissionsPlugin()] },
    });
    permissions = h.sdk.service('permissions');
    await h.sdk.seed();
    const [row] = await h.sdk.db.drizzle.select().from(user).where(eq(user.email, 'root@example.com'));
    root = { cookie: await signIn('root@example.com'), userId: row!.id };
    bob = await signedUpUser(h, 'bob@example.com');
    await permissions.roles.assign(bob.userId, 'admin');
  });
  afterAll(() => h?.close());

  it('a userId that is not a string (better-auth coerces ["id"] to "id") cannot slip past the super_admin check', async () => {
    for (const [path, body] of [
      ['/admin/set-user-password', { userId: [root.userId], newPassword: NEW_PASSWORD }],
      ['/admin/ban-user', { userId: [root.userId] }],
      ['/admin/update-user', { userId: [root.userId], data: { name: 'Owned' } }],
      ['/admin/revoke-user-sessions', { userId: [root.userId] }],
      ['/admin/impersonate-user', { userId: [root.userId] }],
      ['/admin/set-role', { userId: [root.userId], role: 'user' }],
    ] as const) {
      const answer = await h.call(path, { cookie: bob.cookie, body });
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.status, path).toBeLessThan(500);
    }
    // The super_admin's password, name, ban and sessions are untouched.
    expect(
      (await h.call('/sign-in/email', { body: { email: 'root@example.com', password: NEW_PASSWORD } })).status,
    ).toBe(401);
    expect(await rowOf(root.userId)).toMatchObject({ name: 'Admin', banned: false });
    expect((await h.call('/get-session', { cookie: root.cookie })).body?.user?.id).toBe(root.userId);
  });

  it('update-user writes no role, soft delete, second factor or timestamps; its ban fields need user:ban', async () => {
    await permissions.roles.create({ name: 'profile-editor', permissions: ['user:update', 'user:create'] });
    const editor = await signedUpUser(h, 'editor@example.com');
    await permissions.roles.assign(editor.userId, 'profile-editor');
    const carol = await signedUpUser(h, 'carol@example.com');

    const ban = await h.call('/admin/update-user', {
      cookie: editor.cookie,
      body: { userId: carol.userId, data: { banned: true } },
    });
    expect(ban.status).toBe(403);
    expect(ban.body.error.details.permission).toBe('user:ban');
    for (const data of [
      { role: 'super_admin' },
      { deletedAt: new Date().toISOString() },
      { twoFactorEnabled: true },
      { createdAt: '2000-01-01T00:00:00.000Z' },
    ]) {
      const answer = await h.call('/admin/update-user', {
        cookie: editor.cookie,
        body: { userId: carol.userId, data },
      });
      expect(answer.status, Object.keys(data)[0]).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    }
    // Not on oneself either.
    const self = await h.call('/admin/update-user', {
      cookie: editor.cookie,
      body: { userId: editor.userId, data: { role: 'admin,super_admin' } },
    });
    expect(self.status).toBe(400);
    expect(await rowOf(carol.userId)).toMatchObject({ banned: false, role: 'user', deletedAt: null });
    expect((await rowOf(editor.userId))?.role).toBe('profile-editor');
    // create-user: no role through `data` either.
    const created = await h.call('/admin/create-user', {
      cookie: editor.cookie,
      body: { email: 'made@example.com', name: 'Made', password: PASSWORD, data: { role: 'super_admin' } },
    });
    expect(created.status).toBe(400);
    // The name still changes, and an admin (user:ban) bans through update-user.
    expect(
      (
        await h.call('/admin/update-user', {
          cookie: editor.cookie,
          body: { userId: carol.userId, data: { name: 'C' } },
        })
      ).status,
    ).toBe(200);
    const banned = await h.call('/admin/update-user', {
      cookie: bob.cookie,
      body: { userId: carol.userId, data: { banned: true } },
    });
    expect(banned.status).toBe(200);
    expect((await rowOf(carol.userId))?.banned).toBe(true);
  });

  it('impersonating someone needs every role they hold: a support role cannot become an admin', async () => {
    await permissions.roles.create({ name: 'support', permissions: ['user:impersonate', 'user:read'] });
    const eve = await signedUpUser(h, 'eve@example.com');
    await permissions.roles.assign(eve.userId, 'support');
    const refused = await h.call('/admin/impersonate-user', { cookie: eve.cookie, body: { userId: bob.userId } });
    expect(refused.status).toBe(403);
    // Through an impersonated admin, eve would have given herself admin.
    expect((await permissions.roles.assignmentsOf(eve.userId)).map((a) => a.role)).toEqual(['support']);
    const plain = await signedUpUser(h, 'plain@example.com');
    expect(
      (await h.call('/admin/impersonate-user', { cookie: eve.cookie, body: { userId: plain.userId } })).status,
    ).toBe(200);
    // A super_admin impersonates anyone.
    const rootAgain = await signIn('root@example.com');
    expect((await h.call('/admin/impersonate-user', { cookie: rootAgain, body: { userId: bob.userId } })).status).toBe(
      200,
    );
  });

  it('a role held only in one tenant does not count as held when set-role gives it everywhere', async () => {
    const dan = await signedUpUser(h, 'dan@example.com');
    await permissions.roles.assign(dan.userId, 'admin');
    await permissions.roles.assign(dan.userId, 'super_admin', { tenantId: 'acme' });
    const target = await signedUpUser(h, 'target@example.com');
    const answer = await h.call('/admin/set-role', {
      cookie: dan.cookie,
      body: { userId: target.userId, role: ['super_admin'] },
    });
    expect(answer.status).toBe(403);
    expect(await permissions.roles.assignmentsOf(target.userId)).toEqual([]);
    // A role held everywhere is given.
    expect(
      (await h.call('/admin/set-role', { cookie: dan.cookie, body: { userId: target.userId, role: ['manager'] } }))
        .status,
    ).toBe(200);
  });

  it("an ip-conditioned deny applies to better-auth's admin endpoints as it does in the handle", async () => {
    await permissions.roles.create({
      name: 'banner',
      permissions: [
        'user:ban',
        { permission: 'user:ban', effect: 'deny', conditions: [{ type: 'ip', ranges: ['203.0.113.0/24'] }] },
      ],
    });
    const fred = await signedUpUser(h, 'fred@example.com');
    const gina = await signedUpUser(h, 'gina@example.com');
    await permissions.roles.assign(fred.userId, 'banner');
    const fromDenied = await h.call('/admin/ban-user', {
      cookie: fred.cookie,
      body: { userId: gina.userId },
      ip: '203.0.113.9',
    });
    expect(fromDenied.status).toBe(403);
    expect((await rowOf(gina.userId))?.banned).toBe(false);
    const fromElsewhere = await h.call('/admin/ban-user', {
      cookie: fred.cookie,
      body: { userId: gina.userId },
      ip: '198.51.100.7',
    });
    expect(fromElsewhere.status).toBe(200);
  });

  it('a policy read inside a transaction that rolls back is not cached', async () => {
    const mia = await signedUpUser(h, 'mia@example.com');
    await h.sdk.db
      .transaction(async () => {
        await permissions.roles.assign(mia.userId, 'admin');
        expect((await permissions.policyFor(mia.userId)).hasRole('admin')).toBe(true);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(await permissions.roles.assignmentsOf(mia.userId)).toEqual([]);
    expect((await permissions.policyFor(mia.userId)).hasRole('admin')).toBe(false);
    expect(await permissions.has(mia.userId, 'user:ban')).toBe(false);
  });

  it('ids with control characters are refused as input, not sent to the database', async () => {
    expect(await rejection(permissions.roles.assign('a\u0000b', 'admin'))).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
    });
    expect(await rejection(permissions.roles.assignmentsOf('a\u0000b'))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await rejection(permissions.roles.assign(bob.userId, 'admin', { tenantId: 't\u0000' }))).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  describe('the lockout rule counts only super_admins who can act', () => {
    it('a banned super_admin does not count: the other cannot then give the role up', async () => {
      const hal = await signedUpUser(h, 'hal@example.com');
      await permissions.roles.assign(hal.userId, 'super_admin');
      expect((await h.call('/admin/ban-user', { cookie: hal.cookie, body: { userId: root.userId } })).status).toBe(200);
      expect(await rejection(permissions.roles.revoke(hal.userId, 'super_admin'))).toMatchObject({
        code: 'PERMISSION_LAST_SUPER_ADMIN',
      });
      expect(await rejection(permissions.roles.setUserRoles(hal.userId, ['admin']))).toMatchObject({
        code: 'PERMISSION_LAST_SUPER_ADMIN',
      });
      // Nor can the banned one's ban be the way out: hal is the last who can act, and is not banned by anyone.
      expect((await h.call('/admin/unban-user', { cookie: hal.cookie, body: { userId: root.userId } })).status).toBe(
        200,
      );
      expect(await permissions.roles.revoke(hal.userId, 'super_admin')).toBe(true);
      root.cookie = await signIn('root@example.com');
    });

    it('one whose role expires does not count: the permanent one is not banned, nor given an expiry', async () => {
      const ivy = await signedUpUser(h, 'ivy@example.com');
      await permissions.roles.assign(ivy.userId, 'super_admin', { expiresAt: new Date(Date.now() + 3_600_000) });
      const ban = await h.call('/admin/ban-user', { cookie: ivy.cookie, body: { userId: root.userId } });
      expect(ban.status).toBe(409);
      expect(ban.body.error.code).toBe('PERMISSION_LAST_SUPER_ADMIN');
      expect((await rowOf(root.userId))?.banned).toBe(false);
      expect(
        await rejection(
          permissions.roles.assign(root.userId, 'super_admin', { expiresAt: new Date(Date.now() + 3_600_000) }),
        ),
      ).toMatchObject({ code: 'PERMISSION_LAST_SUPER_ADMIN' });
      // Through update-user's ban field too.
      const viaUpdate = await h.call('/admin/update-user', {
        cookie: ivy.cookie,
        body: { userId: root.userId, data: { banned: true } },
      });
      expect(viaUpdate.status).toBe(409);
      expect(await permissions.roles.revoke(ivy.userId, 'super_admin')).toBe(true);
    });

    it('one held in a tenant only does not count either', async () => {
      const jay = await signedUpUser(h, 'jay@example.com');
      await permissions.roles.assign(jay.userId, 'super_admin', { tenantId: 'acme' });
      expect(await permissions.roles.isLastSuperAdmin(root.userId)).toBe(true);
      expect(await permissions.roles.isLastSuperAdmin(jay.userId)).toBe(false);
      await permissions.roles.assign(jay.userId, 'super_admin');
      expect(await permissions.roles.isLastSuperAdmin(root.userId)).toBe(false);
      await permissions.roles.revoke(jay.userId, 'super_admin');
    });
  });
});
