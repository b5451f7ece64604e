/* eslint-disable @typescript-eslint/no-explicit-any -- test responses are read as loose JSON */
// The permissions domain on a real database (PGlite, or PostgreSQL with SV_SDK_TEST_DB=postgres): seeded roles, the
// role service's rules and refusals (nothing half-written), policies through the cache, and better-auth's admin
// endpoints decided by sv-sdk's roles.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { user } from '../auth/schema.ts';
import { createAuthHarness, signedUpUser, type AuthHarness } from '../auth/fixtures/harness.ts';
import { isSDKError } from '../core/errors.ts';
import type { SDKEvents } from '../core/event-map.ts';
import { permissionsPlugin } from './plugin.ts';
import { rolePermissions, roles, userRoles } from './schema.ts';
import type { PermissionsService } from './types.ts';

async function rejection(promise: Promise<unknown>): Promise<{ code: string; status: number; details: any }> {
  try {
    await promise;
  } catch (error) {
    if (isSDKError(error)) return { code: error.code, status: error.status, details: error.details };
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('permissions', () => {
  let h: AuthHarness;
  let permissions: PermissionsService;
  const emitted: { name: string; payload: any }[] = [];
  let admin: { cookie: string; userId: string };
  let alice: { cookie: string; userId: string };
  let bob: { cookie: string; userId: string };

  beforeAll(async () => {
    h = await createAuthHarness({
      config: { SV_SDK_ADMIN_EMAIL: 'root@example.com', SV_SDK_ADMIN_PASSWORD: 'violet-Tractor-harbour-92!' },
      sdk: {
        plugins: [
          permissionsPlugin({
            permissions: { 'post:update': 'Edit posts', 'post:delete': 'Delete posts', 'post:read': 'Read posts' },
            ownerFields: { post: 'authorId' },
            predicates: { published: ({ object }) => object?.published === true },
          }),
        ],
      },
    });
    permissions = h.sdk.service('permissions');
    const names: (keyof SDKEvents)[] = [
      'role.created',
      'role.updated',
      'role.deleted',
      'role.assigned',
      'role.revoked',
      'permission.denied',
    ];
    for (const name of names) h.sdk.events.on(name, (payload) => void emitted.push({ name, payload }));
    await h.sdk.seed();
    const signIn = await h.call('/sign-in/email', {
      body: { email: 'root@example.com', password: 'violet-Tractor-harbour-92!' },
    });
    expect(signIn.status).toBe(200);
    const [root] = await h.sdk.db.drizzle.select().from(user).where(eq(user.email, 'root@example.com'));
    admin = { cookie: signIn.cookie, userId: root!.id };
    alice = await signedUpUser(h, 'alice@example.com');
    bob = await signedUpUser(h, 'bob@example.com');
  });
  afterAll(() => h?.close());

  it('seeds the four system roles with inheritance, and makes the seeded administrator super_admin', async () => {
    const list = await permissions.roles.list();
    expect(list.map((role) => role.name).sort()).toEqual(['admin', 'manager', 'super_admin', 'user']);
    expect(list.every((role) => role.system)).toBe(true);
    expect(list.find((role) => role.name === 'admin')?.inherits).toEqual(['manager']);
    expect((await permissions.roles.assignmentsOf(admin.userId)).map((a) => a.role)).toEqual(['super_admin']);
    const [root] = await h.sdk.db.drizzle.select().from(user).where(eq(user.id, admin.userId));
    expect(root?.role).toBe('super_admin');
    // Seeding again changes nothing (idempotent, and roles the admins changed are kept).
    await permissions.roles.update('manager', { description: 'Changed by an admin' });
    await h.sdk.seed();
    expect((await permissions.roles.get('manager')).description).toBe('Changed by an admin');
    expect((await permissions.roles.assignmentsOf(admin.userId)).length).toBe(1);
  });

  it('every signed-in user holds the default role: their own account, not others', async () => {
    const policy = await permissions.policyFor(alice.userId);
    expect(policy.can('update', 'user', { id: alice.userId })).toBe(true);
    expect(policy.can('update', 'user', { id: bob.userId })).toBe(false);
    expect(policy.has('user:read:any')).toBe(false);
    expect(await permissions.has(admin.userId, 'user:read:any')).toBe(true);
    expect(await permissions.has(admin.userId, 'role:delete')).toBe(true);
  });

  it('a role with grants, a deny, ownership and a custom predicate; changes reach cached policies at once', async () => {
    await permissions.roles.create({
      name: 'editor',
      description: 'Edits posts',
      inherits: ['user'],
      permissions: [
        'post:update:own',
        { permission: 'post:read', effect: 'allow', conditions: [{ type: 'custom', name: 'published' }] },
        { permission: 'post:delete', effect: 'deny' },
      ],
    });
    expect(emitted.at(-1)).toMatchObject({ name: 'role.created', payload: { name: 'editor' } });
    // Cached before the assignment: the assignment must drop it.
    expect((await permissions.policyFor(alice.userId)).can('update', 'post', { authorId: alice.userId })).toBe(false);
    await permissions.roles.assign(alice.userId, 'editor', { by: admin.userId });
    expect(emitted.at(-1)).toMatchObject({
      name: 'role.assigned',
      payload: { userId: alice.userId, role: 'editor', by: admin.userId },
    });
    const policy = await permissions.policyFor(alice.userId);
    expect(policy.can('update', 'post', { authorId: alice.userId })).toBe(true);
    expect(policy.can('update', 'post', { authorId: bob.userId })).toBe(false);
    expect(policy.can('read', 'post', { published: true })).toBe(true);
    expect(policy.can('read', 'post', { published: false })).toBe(false);
    expect(policy.can('delete', 'post', { authorId: alice.userId })).toBe(false);
    expect(policy.explain('delete', 'post', { authorId: alice.userId })).toMatchObject({
      allowed: false,
      reason: 'denied',
      rule: { permission: 'post:delete', role: 'editor' },
    });
    // better-auth's role field shows the roles held everywhere.
    const [row] = await h.sdk.db.drizzle.select().from(user).where(eq(user.id, alice.userId));
    expect(row?.role).toBe('editor');

    // A change of the role itself reaches every cached policy.
    await permissions.roles.update('editor', { permissions: ['post:update'] });
    const after = await permissions.policyFor(alice.userId);
    expect(after.can('update', 'post', { authorId: bob.userId })).toBe(true);
    expect(after.can('read', 'post', { published: true })).toBe(false);
    expect(emitted.at(-1)).toMatchObject({ name: 'role.updated', payload: { changes: ['permissions'] } });
  });

  it('tenant-scoped and expiring assignments', async () => {
    await permissions.roles.create({ name: 'tenant-editor', permissions: ['post:delete'] });
    await permissions.roles.assign(bob.userId, 'tenant-editor', { tenantId: 'acme' });
    const policy = await permissions.policyFor(bob.userId);
    expect(policy.can('delete', 'post', {}, { tenantId: 'acme' })).toBe(true);
    expect(policy.can('delete', 'post', {}, { tenantId: 'globex' })).toBe(false);
    expect(policy.can('delete', 'post', {})).toBe(false);
    await permissions.roles.revoke(bob.userId, 'tenant-editor', { tenantId: 'acme' });

    const expiresAt = new Date(Date.now() + 60_000);
    await permissions.roles.assign(bob.userId, 'tenant-editor', { expiresAt });
    const expiring = await permissions.policyFor(bob.userId);
    expect(expiring.can('delete', 'post', {})).toBe(true);
    expect(expiring.can('delete', 'post', {}, { now: expiresAt.getTime() + 1 })).toBe(false);
    expect(await permissions.roles.revoke(bob.userId, 'tenant-editor')).toBe(true);
    expect(await permissions.roles.revoke(bob.userId, 'tenant-editor')).toBe(false);
    expect((await permissions.policyFor(bob.userId)).can('delete', 'post', {})).toBe(false);
  });

  it('refuses bad input with a clear code and writes nothing', async () => {
    const count = async () => ({
      roles: (await h.sdk.db.drizzle.select().from(roles)).length,
      grants: (await h.sdk.db.drizzle.select().from(rolePermissions)).length,
      assignments: (await h.sdk.db.drizzle.select().from(userRoles)).length,
    });
    const before = await count();
    expect(await rejection(permissions.roles.create({ name: 'x1', permissions: ['post:fly'] }))).toMatchObject({
      code: 'PERMISSION_UNKNOWN',
      status: 400,
    });
    expect(await rejection(permissions.roles.create({ name: 'x1', permissions: ['post::'] }))).toMatchObject({
      code: 'PERMISSION_INVALID',
      status: 400,
    });
    expect(
      await rejection(
        permissions.roles.create({
          name: 'x1',
          permissions: [{ permission: 'post:read', effect: 'allow', conditions: [{ type: 'time', from: '25:00' }] }],
        }),
      ),
    ).toMatchObject({ code: 'PERMISSION_CONDITION_INVALID', status: 400 });
    expect(
      await rejection(
        permissions.roles.create({
          name: 'x1',
          permissions: [{ permission: 'post:read', effect: 'allow', conditions: [{ type: 'custom', name: 'nope' }] }],
        }),
      ),
    ).toMatchObject({ code: 'PERMISSION_CONDITION_INVALID' });
    expect(await rejection(permissions.roles.create({ name: 'Bad Name!' }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
    });
    expect(await rejection(permissions.roles.create({ name: 'editor' }))).toMatchObject({
      code: 'PERMISSION_ROLE_EXISTS',
      status: 409,
    });
    expect(await rejection(permissions.roles.create({ name: 'x1', inherits: ['ghost'] }))).toMatchObject({
      code: 'PERMISSION_ROLE_NOT_FOUND',
      status: 404,
    });
    // A cycle: a → b → a.
    await permissions.roles.create({ name: 'cycle-a' });
    await permissions.roles.create({ name: 'cycle-b', inherits: ['cycle-a'] });
    const cycle = await rejection(permissions.roles.update('cycle-a', { inherits: ['cycle-b'] }));
    expect(cycle).toMatchObject({ code: 'PERMISSION_ROLE_CYCLE', status: 400 });
    expect(cycle.details.cycle).toEqual(['cycle-a', 'cycle-b', 'cycle-a']);
    expect(await rejection(permissions.roles.update('cycle-a', { inherits: ['cycle-a'] }))).toMatchObject({
      code: 'PERMISSION_ROLE_CYCLE',
    });
    // Roles in use, system roles.
    expect(await rejection(permissions.roles.delete('cycle-a'))).toMatchObject({
      code: 'PERMISSION_ROLE_IN_USE',
      details: { inheritedBy: ['cycle-b'] },
    });
    expect(await rejection(permissions.roles.delete('admin'))).toMatchObject({ code: 'PERMISSION_ROLE_SYSTEM' });
    expect(await rejection(permissions.roles.update('admin', { name: 'boss' }))).toMatchObject({
      code: 'PERMISSION_ROLE_SYSTEM',
    });
    expect(await rejection(permissions.roles.update('super_admin', { permissions: [] }))).toMatchObject({
      code: 'PERMISSION_ROLE_SYSTEM',
    });
    // Assignments: unknown or deleted users, unknown roles, expiry in the past; bulk is all or nothing.
    expect(await rejection(permissions.roles.assign('no-such-user', 'editor'))).toMatchObject({
      code: 'PERMISSION_USER_NOT_FOUND',
      status: 404,
    });
    expect(await rejection(permissions.roles.assign(bob.userId, 'ghost'))).toMatchObject({
      code: 'PERMISSION_ROLE_NOT_FOUND',
    });
    expect(
      await rejection(permissions.roles.assign(bob.userId, 'editor', { expiresAt: new Date(Date.now() - 1000) })),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await rejection(permissions.roles.assignMany([bob.userId, 'no-such-user'], 'editor'))).toMatchObject({
      code: 'PERMISSION_USER_NOT_FOUND',
      details: { users: ['no-such-user'] },
    });
    const after = await count();
    expect(after).toEqual({ ...before, roles: before.roles + 2 });
    expect((await permissions.roles.assignmentsOf(bob.userId)).length).toBe(0);
  });

  it('deleting a role in use needs a reassignment, which moves its holders in the same transaction', async () => {
    await permissions.roles.create({ name: 'temp', permissions: ['post:read'] });
    await permissions.roles.create({ name: 'successor', permissions: ['post:update'] });
    await permissions.roles.assign(bob.userId, 'temp');
    expect(await rejection(permissions.roles.delete('temp'))).toMatchObject({
      code: 'PERMISSION_ROLE_IN_USE',
      details: { users: 1 },
    });
    expect(await rejection(permissions.roles.delete('temp', { reassignTo: 'ghost' }))).toMatchObject({
      code: 'PERMISSION_ROLE_NOT_FOUND',
    });
    expect((await permissions.roles.assignmentsOf(bob.userId)).map((a) => a.role)).toEqual(['temp']);
    expect(await permissions.roles.delete('temp', { reassignTo: 'successor' })).toEqual({ reassigned: 1 });
    expect((await permissions.roles.assignmentsOf(bob.userId)).map((a) => a.role)).toEqual(['successor']);
    expect((await permissions.policyFor(bob.userId)).can('update', 'post', {})).toBe(true);
    expect(emitted.at(-1)).toMatchObject({
      name: 'role.deleted',
      payload: { name: 'temp', reassignedTo: 'successor', reassigned: 1 },
    });
    await permissions.roles.revoke(bob.userId, 'successor');
  });

  it('the last super_admin cannot be removed or demoted', async () => {
    expect(await rejection(permissions.roles.revoke(admin.userId, 'super_admin'))).toMatchObject({
      code: 'PERMISSION_LAST_SUPER_ADMIN',
      status: 409,
    });
    expect(await rejection(permissions.roles.setUserRoles(admin.userId, ['admin']))).toMatchObject({
      code: 'PERMISSION_LAST_SUPER_ADMIN',
    });
    expect(
      await rejection(
        permissions.roles.assign(admin.userId, 'super_admin', { expiresAt: new Date(Date.now() + 60_000) }),
      ),
    ).toMatchObject({ code: 'PERMISSION_LAST_SUPER_ADMIN' });
    expect((await permissions.roles.assignmentsOf(admin.userId))[0]).toMatchObject({
      role: 'super_admin',
      expiresAt: null,
    });
    // With a second super_admin, one may go.
    await permissions.roles.assign(bob.userId, 'super_admin');
    expect(await permissions.roles.revoke(bob.userId, 'super_admin')).toBe(true);
  });

  it('a deleted account keeps its roles until it is anonymised; then it holds none', async () => {
    const carol = await signedUpUser(h, 'carol@example.com');
    await permissions.roles.assign(carol.userId, 'manager');
    expect((await permissions.policyFor(carol.userId)).has('user:read')).toBe(true);
    await h.auth.users.softDelete(carol.userId, { by: 'self' });
    expect((await permissions.roles.assignmentsOf(carol.userId)).map((a) => a.role)).toEqual(['manager']);
    // Deleted accounts cannot be given roles.
    expect(await rejection(permissions.roles.assign(carol.userId, 'admin'))).toMatchObject({
      code: 'PERMISSION_USER_NOT_FOUND',
    });
    expect(await h.auth.users.anonymiseDue(new Date(Date.now() + 400 * 86_400_000))).toBeGreaterThanOrEqual(1);
    expect(await permissions.roles.assignmentsOf(carol.userId)).toEqual([]);
    expect((await permissions.policyFor(carol.userId)).has('user:read')).toBe(false);
  });

  describe("better-auth's admin endpoints are decided by sv-sdk's roles", () => {
    it('a user without user:ban cannot ban through /api/auth/admin/ban-user; the refusal is emitted', async () => {
      const refused = await h.call('/admin/ban-user', { cookie: bob.cookie, body: { userId: alice.userId } });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('PERMISSION_DENIED');
      expect(emitted.at(-1)).toMatchObject({
        name: 'permission.denied',
        payload: { userId: bob.userId, permission: 'user:ban', path: '/api/auth/admin/ban-user' },
      });
      const [row] = await h.sdk.db.drizzle.select().from(user).where(eq(user.id, alice.userId));
      expect(row?.banned).toBe(false);
      // better-auth's own role field does not open it either.
      await h.sdk.db.drizzle.update(user).set({ role: 'admin' }).where(eq(user.id, bob.userId));
      await h.auth.users.invalidate(bob.userId);
      const bobAgain = await h.call('/sign-in/email', {
        body: { email: 'bob@example.com', password: 'violet-Tractor-harbour-92!' },
      });
      const stillRefused = await h.call('/admin/ban-user', { cookie: bobAgain.cookie, body: { userId: alice.userId } });
      expect(stillRefused.status).toBe(403);
      await h.sdk.db.drizzle.update(user).set({ role: 'user' }).where(eq(user.id, bob.userId));
    });

    it('a manager lists users but cannot ban; an admin bans; nobody but a super_admin acts on a super_admin', async () => {
      await permissions.roles.assign(bob.userId, 'manager');
      const list = await h.call('/admin/list-users', { cookie: bob.cookie });
      expect(list.status).toBe(200);
      expect(list.body.users.length).toBeGreaterThanOrEqual(3);
      expect((await h.call('/admin/ban-user', { cookie: bob.cookie, body: { userId: alice.userId } })).status).toBe(
        403,
      );

      await permissions.roles.setUserRoles(bob.userId, ['admin']);
      const banned = await h.call('/admin/ban-user', { cookie: bob.cookie, body: { userId: alice.userId } });
      expect(banned.status).toBe(200);
      expect((await h.call('/admin/unban-user', { cookie: bob.cookie, body: { userId: alice.userId } })).status).toBe(
        200,
      );
      // An admin cannot ban, impersonate or re-role the super_admin.
      for (const [path, body] of [
        ['/admin/ban-user', { userId: admin.userId }],
        ['/admin/impersonate-user', { userId: admin.userId }],
        ['/admin/set-role', { userId: admin.userId, role: 'user' }],
      ] as const) {
        const answer = await h.call(path, { cookie: bob.cookie, body });
        expect(answer.status, path).toBe(403);
      }
      // Nor give roles it does not hold itself.
      const escalate = await h.call('/admin/set-role', {
        cookie: bob.cookie,
        body: { userId: bob.userId, role: ['admin', 'super_admin'] },
      });
      expect(escalate.status).toBe(403);
      // Impersonation needs user:impersonate, which admin does not hold.
      expect(
        (await h.call('/admin/impersonate-user', { cookie: bob.cookie, body: { userId: alice.userId } })).status,
      ).toBe(403);
      // An endpoint sv-sdk does not map is refused.
      expect((await h.call('/admin/has-permission', { cookie: bob.cookie, body: { permissions: {} } })).status).toBe(
        403,
      );
    });

    it('set-role goes through the role service: roles and role field stay one', async () => {
      const answer = await h.call('/admin/set-role', {
        cookie: admin.cookie,
        body: { userId: alice.userId, role: ['manager', 'editor'] },
      });
      expect(answer.status).toBe(200);
      expect((await permissions.roles.assignmentsOf(alice.userId)).map((a) => a.role).sort()).toEqual([
        'editor',
        'manager',
      ]);
      const [row] = await h.sdk.db.drizzle.select().from(user).where(eq(user.id, alice.userId));
      expect(row?.role).toBe('editor,manager');
      expect((await permissions.policyFor(alice.userId)).has('user:read:any')).toBe(true);
      const unknown = await h.call('/admin/set-role', {
        cookie: admin.cookie,
        body: { userId: alice.userId, role: 'ghost' },
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('PERMISSION_ROLE_NOT_FOUND');
      // The last super_admin cannot be banned, even by a super_admin.
      const self = await h.call('/admin/ban-user', { cookie: admin.cookie, body: { userId: admin.userId } });
      expect(self.status).toBe(409);
      expect(self.body.error.code).toBe('PERMISSION_LAST_SUPER_ADMIN');
    });
  });
});
