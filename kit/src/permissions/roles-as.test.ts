/* eslint-disable @typescript-eslint/no-explicit-any -- test responses are read as loose JSON */
// The role service as a user may use it (`rolesAs`), and the admin gate's takeover and impersonation rules: nobody
// gives, writes or takes over more than they hold.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthHarness, PASSWORD, signedUpUser, type AuthHarness } from '../auth/fixtures/harness.ts';
import { user } from '../auth/schema.ts';
import { isSDKError } from '../core/errors.ts';
import { permissionsPlugin } from './plugin.ts';
import type { PermissionsService } from './types.ts';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isSDKError(error)) return error.code;
    throw error;
  }
  return 'OK';
}

describe('rolesAs and the takeover rules', () => {
  let h: AuthHarness;
  let permissions: PermissionsService;
  let root: { cookie: string; userId: string };
  let admin: { cookie: string; userId: string };
  let manager: { cookie: string; userId: string };
  let editor: { cookie: string; userId: string };
  let helpdesk: { cookie: string; userId: string };
  const denied: any[] = [];

  beforeAll(async () => {
    h = await createAuthHarness({
      config: { SV_SDK_ADMIN_EMAIL: 'root@example.com', SV_SDK_ADMIN_PASSWORD: PASSWORD },
      sdk: { plugins: [permissionsPlugin({ permissions: { 'post:update': 'Edit posts' } })] },
    });
    permissions = h.sdk.service('permissions');
    h.sdk.events.on('permission.denied', (payload) => void denied.push(payload));
    await h.sdk.seed();
    const signIn = await h.call('/sign-in/email', { body: { email: 'root@example.com', password: PASSWORD } });
    const [row] = await h.sdk.db.drizzle.select().from(user).where(eq(user.email, 'root@example.com'));
    root = { cookie: signIn.cookie, userId: row!.id };
    admin = await signedUpUser(h, 'admin@example.com');
    manager = await signedUpUser(h, 'manager@example.com');
    editor = await signedUpUser(h, 'editor@example.com');
    helpdesk = await signedUpUser(h, 'helpdesk@example.com');
    await permissions.roles.assign(admin.userId, 'admin');
    await permissions.roles.assign(manager.userId, 'manager');
    await permissions.roles.create({ name: 'editor', permissions: ['post:update'] });
    await permissions.roles.assign(editor.userId, 'editor');
    // A help desk that may reset passwords and nothing else.
    await permissions.roles.create({ name: 'helpdesk', permissions: ['user:update', 'user:read'] });
    await permissions.roles.assign(helpdesk.userId, 'helpdesk');
  });
  afterAll(() => h?.close());

  it('each operation needs its role:* permission', async () => {
    const asManager = permissions.rolesAs(manager.userId);
    expect((await asManager.list()).length).toBeGreaterThan(0); // manager holds role:read
    expect(await codeOf(asManager.assign(editor.userId, 'user'))).toBe('PERMISSION_DENIED');
    expect(await codeOf(asManager.create({ name: 'x-role' }))).toBe('PERMISSION_DENIED');
    expect(denied.at(-1)).toMatchObject({ userId: manager.userId, permission: 'role:create' });
    expect(await codeOf(permissions.rolesAs(editor.userId).list())).toBe('PERMISSION_DENIED');
    // One's own assignments need nothing.
    expect((await permissions.rolesAs(editor.userId).assignmentsOf(editor.userId)).map((a) => a.role)).toEqual([
      'editor',
    ]);
  });

  it('an admin gives only roles it holds everywhere, and never to or from a super_admin', async () => {
    const asAdmin = permissions.rolesAs(admin.userId);
    await asAdmin.assign(editor.userId, 'manager'); // held through admin → manager
    expect((await permissions.roles.assignmentsOf(editor.userId)).map((a) => a.role).sort()).toEqual([
      'editor',
      'manager',
    ]);
    expect(await codeOf(asAdmin.assign(editor.userId, 'super_admin'))).toBe('PERMISSION_DENIED');
    expect(await codeOf(asAdmin.assign(manager.userId, 'editor'))).toBe('PERMISSION_DENIED'); // not held
    expect(await codeOf(asAdmin.revoke(editor.userId, 'editor'))).toBe('PERMISSION_DENIED'); // not held either
    expect(await codeOf(asAdmin.setUserRoles(editor.userId, ['manager']))).toBe('PERMISSION_DENIED'); // drops editor
    expect(await codeOf(asAdmin.revoke(root.userId, 'manager'))).toBe('PERMISSION_DENIED'); // a super_admin
    expect(await codeOf(asAdmin.assignMany([manager.userId, root.userId], 'user'))).toBe('PERMISSION_DENIED');
    // Nothing of the refused calls was written.
    expect((await permissions.roles.assignmentsOf(manager.userId)).map((a) => a.role)).toEqual(['manager']);
    expect(await asAdmin.revoke(editor.userId, 'manager')).toBe(true);
    // A super_admin may do all of it.
    await permissions.rolesAs(root.userId).setUserRoles(editor.userId, ['editor', 'admin']);
    expect((await permissions.roles.assignmentsOf(editor.userId)).map((a) => a.role).sort()).toEqual([
      'admin',
      'editor',
    ]);
    await permissions.roles.setUserRoles(editor.userId, ['editor']);
  });

  it('roles are written only with permissions the writer has, and deny rules only by a super_admin', async () => {
    await permissions.roles.create({ name: 'role-writer', permissions: ['role:create', 'role:update', 'user:read'] });
    const writer = await signedUpUser(h, 'writer@example.com');
    await permissions.roles.assign(writer.userId, 'role-writer');
    const asWriter = permissions.rolesAs(writer.userId);
    await asWriter.create({ name: 'reader', permissions: ['user:read'] });
    expect(await codeOf(asWriter.create({ name: 'deleter', permissions: ['user:delete'] }))).toBe('PERMISSION_DENIED');
    expect(await codeOf(asWriter.create({ name: 'everything', permissions: ['*'] }))).toBe('PERMISSION_DENIED');
    expect(
      await codeOf(asWriter.create({ name: 'blocker', permissions: [{ permission: 'user:read', effect: 'deny' }] })),
    ).toBe('PERMISSION_DENIED');
    expect(await codeOf(asWriter.update('user', { permissions: ['user:read', 'role:delete'] }))).toBe(
      'PERMISSION_DENIED',
    );
    expect(await codeOf(asWriter.update('reader', { inherits: ['admin'] }))).toBe('PERMISSION_DENIED');
    expect(await codeOf(permissions.roles.get('deleter'))).toBe('PERMISSION_ROLE_NOT_FOUND');
    expect((await permissions.roles.get('user')).permissions.map((grant) => grant.permission)).not.toContain(
      'role:delete',
    );
    // A deleter may not move holders into a role it does not hold.
    await permissions.roles.create({ name: 'role-deleter', permissions: ['role:delete'] });
    await permissions.roles.assign(writer.userId, 'role-deleter');
    await permissions.roles.assign(manager.userId, 'reader');
    expect(await codeOf(asWriter.delete('reader', { reassignTo: 'admin' }))).toBe('PERMISSION_DENIED');
    expect((await permissions.roles.assignmentsOf(manager.userId)).map((a) => a.role).sort()).toEqual([
      'manager',
      'reader',
    ]);
  });

  it('/admin/set-role goes through rolesAs: an admin cannot take back a role it does not hold', async () => {
    const answer = await h.call('/admin/set-role', {
      cookie: admin.cookie,
      body: { userId: editor.userId, role: 'manager' },
    });
    expect(answer.status).toBe(403);
    expect((await permissions.roles.assignmentsOf(editor.userId)).map((a) => a.role)).toEqual(['editor']);
  });

  it('taking over an account needs everything it is granted; banning does not', async () => {
    // The help desk (user:update) may reset a plain user's password, not an admin's nor an editor's.
    const plain = await signedUpUser(h, 'plain@example.com');
    const reset = (userId: string) =>
      h.call('/admin/set-user-password', {
        cookie: helpdesk.cookie,
        body: { userId, newPassword: 'another-Granite-meadow-83!' },
      });
    expect((await reset(plain.userId)).status).toBe(200);
    const refused = await reset(admin.userId);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('PERMISSION_DENIED');
    expect((await reset(editor.userId)).status).toBe(403);
    const email = await h.call('/admin/update-user', {
      cookie: helpdesk.cookie,
      body: { userId: admin.userId, data: { email: 'mine@example.com' } },
    });
    expect(email.status).toBe(403);
    // An admin bans an editor although it does not hold post:update: a ban takes powers away.
    expect((await h.call('/admin/ban-user', { cookie: admin.cookie, body: { userId: editor.userId } })).status).toBe(
      200,
    );
    expect((await h.call('/admin/unban-user', { cookie: admin.cookie, body: { userId: editor.userId } })).status).toBe(
      200,
    );
  });

  it("the last super_admin's account cannot be deleted, by itself or through the user service", async () => {
    const own = await h.call('/delete-user', { cookie: root.cookie, body: { password: PASSWORD } });
    expect(own.status).toBe(409);
    expect(own.body.error.code).toBe('PERMISSION_LAST_SUPER_ADMIN');
    expect(await codeOf(h.auth.users.softDelete(root.userId))).toBe('PERMISSION_LAST_SUPER_ADMIN');
    const [row] = await h.sdk.db.drizzle.select().from(user).where(eq(user.id, root.userId));
    expect(row?.deletedAt).toBeNull();
    expect((await h.call('/get-session', { cookie: root.cookie })).body?.user?.id).toBe(root.userId);
    // With a second one, either may go.
    const spare = await signedUpUser(h, 'spare-root@example.com');
    await permissions.roles.assign(spare.userId, 'super_admin');
    expect(await codeOf(h.auth.users.softDelete(spare.userId))).toBe('OK');
    expect(await permissions.roles.isLastSuperAdmin(root.userId)).toBe(true);
  });

  it('an impersonation session cannot run admin endpoints; it can end itself', async () => {
    const target = await signedUpUser(h, 'target@example.com');
    const impersonated = await h.call('/admin/impersonate-user', {
      cookie: root.cookie,
      body: { userId: target.userId },
    });
    expect(impersonated.status).toBe(200);
    // The impersonating session (a super_admin's) acts as the target: no admin endpoint, whatever either holds.
    const list = await h.call('/admin/list-users', { cookie: impersonated.cookie });
    expect(list.status).toBe(403);
    expect(denied.at(-1)).toMatchObject({ userId: target.userId, reason: expect.stringContaining(root.userId) });
    const stop = await h.call('/admin/stop-impersonating', { cookie: impersonated.cookie, body: {} });
    expect(stop.status).toBe(200);
  });
});
