import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { user } from '../auth/schema.ts';
import { sdkError } from '../core/errors.ts';
import type { PluginContext, ServerPlugin } from '../core/plugin.ts';
import { defineSeed } from '../db/seed.ts';
import { createAdminGate } from './admin-gate.ts';
import { DEFAULT_ROLES, DEFAULT_USER_ROLE, SUPER_ADMIN_ROLE } from './defaults.ts';
import { roleInheritance, rolePermissions, roles, userRoles } from './schema.ts';
import { createPermissionsService } from './service.ts';
import type { PermissionsPluginOptions } from './types.ts';

/**
 * The seeded roles (super_admin, admin, manager, user) as system roles. Idempotent and conservative: a role that
 * exists is left as the app's admins made it. Then, when nobody holds super_admin, the oldest account whose
 * better-auth role names `admin` (the auth plugin's seeded administrator) gets it, so there is always one.
 */
export const rolesSeed = defineSeed({
  name: 'permissions.roles',
  async run({ tx }) {
    const existing = new Set((await tx.select({ name: roles.name }).from(roles)).map((row) => row.name));
    const ids = new Map<string, string>();
    for (const role of DEFAULT_ROLES) {
      if (existing.has(role.name)) continue;
      const id = randomUUID();
      ids.set(role.name, id);
      await tx.insert(roles).values({ id, name: role.name, description: role.description, system: true });
      if (role.permissions.length)
        await tx.insert(rolePermissions).values(
          role.permissions.map((grant) => ({
            id: randomUUID(),
            roleId: id,
            permission: grant.permission,
            effect: grant.effect,
          })),
        );
    }
    if (ids.size) {
      const all = await tx.select({ id: roles.id, name: roles.name }).from(roles);
      const idOf = new Map(all.map((row) => [row.name, row.id]));
      for (const role of DEFAULT_ROLES) {
        const roleId = ids.get(role.name);
        if (!roleId) continue;
        for (const parent of role.inherits) {
          const inheritsId = idOf.get(parent);
          if (inheritsId) await tx.insert(roleInheritance).values({ roleId, inheritsId }).onConflictDoNothing();
        }
      }
    }
    const [superAdmin] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.name, SUPER_ADMIN_ROLE));
    if (!superAdmin) return;
    const holders = await tx.select({ id: userRoles.id }).from(userRoles).where(eq(userRoles.roleId, superAdmin.id));
    if (holders.length) return;
    const [admin] = await tx
      .select({ id: user.id, role: user.role })
      .from(user)
      .where(and(isNull(user.deletedAt), sql`'admin' = any(string_to_array(${user.role}, ','))`))
      .orderBy(asc(user.createdAt))
      .limit(1);
    if (!admin) return;
    await tx
      .insert(userRoles)
      .values({ id: randomUUID(), userId: admin.id, roleId: superAdmin.id })
      .onConflictDoNothing();
    await tx.update(user).set({ role: SUPER_ADMIN_ROLE }).where(eq(user.id, admin.id));
  },
});

/**
 * The permissions plugin: roles with inheritance, grants and denies with ABAC conditions, per-user compiled
 * policies in the cache (invalidated on every change, across nodes through the cache's Redis pub/sub), the role
 * service, and the gate of better-auth's admin endpoints (sv-sdk's roles decide them).
 * @example
 * defineConfig({ plugins: [securityPlugin(), authPlugin(), permissionsPlugin({ permissions: { 'post:update': 'Edit posts' } })] })
 */
export function permissionsPlugin(options: PermissionsPluginOptions = {}): ServerPlugin {
  return {
    name: 'permissions',
    dependsOn: ['db', 'cache', 'auth'],
    seeds: [rolesSeed],
    setup(ctx: PluginContext) {
      const db = ctx.use('db');
      const auth = ctx.use('auth');
      const defaultRole = options.defaultRoles?.[0] ?? DEFAULT_USER_ROLE;
      const service = createPermissionsService({
        db,
        cache: ctx.use('cache'),
        events: ctx.events,
        options,
        // better-auth's `user.role` shows the roles a user holds everywhere (display only: the gate decides).
        async syncUserRoleField(userIds) {
          const held = await db.drizzle
            .select({ userId: userRoles.userId, role: roles.name })
            .from(userRoles)
            .innerJoin(roles, eq(roles.id, userRoles.roleId))
            .where(
              and(
                inArray(userRoles.userId, [...userIds]),
                isNull(userRoles.tenantId),
                or(isNull(userRoles.expiresAt), gt(userRoles.expiresAt, new Date())),
              ),
            )
            .orderBy(asc(roles.name));
          for (const userId of userIds) {
            const names = held.filter((row) => row.userId === userId).map((row) => row.role);
            await db.drizzle
              .update(user)
              .set({ role: names.length ? names.join(',') : defaultRole })
              .where(eq(user.id, userId));
          }
          const invalidate = () => Promise.all(userIds.map((id) => auth.users.invalidate(id))).then(() => undefined);
          if (db.inTransaction()) db.afterCommit(invalidate);
          else await invalidate();
        },
      });
      ctx.provide('permissions', service);
      auth.setAdminGate(createAdminGate(service, ctx.events));
      // Whoever deletes it (the account itself, an admin, the app), the last super_admin's account stays. The check
      // runs in the deletion's transaction, under the lock of the role's row.
      auth.addDeletionGuard(async (userId) => {
        if (await service.roles.isLastSuperAdmin(userId))
          throw sdkError('PERMISSION_LAST_SUPER_ADMIN', {
            status: 409,
            message: `This is the last ${SUPER_ADMIN_ROLE}: give the role to someone else before deleting the account.`,
          });
      });
      const dropPolicy = (userId: string) => {
        const run = () => service.invalidate(userId);
        if (db.inTransaction()) db.afterCommit(run);
        else return run();
      };
      // A deleted account keeps its roles while it can be restored; an anonymised one holds nothing any more.
      ctx.events.on('user.deleted', ({ userId }) => dropPolicy(userId));
      ctx.events.on('user.anonymised', async ({ userId }) => {
        await db.drizzle.delete(userRoles).where(eq(userRoles.userId, userId));
        await dropPolicy(userId);
      });
    },
  };
}
