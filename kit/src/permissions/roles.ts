import { randomUUID } from 'node:crypto';
import { and, count, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { user } from '../auth/schema.ts';
import { sdkError } from '../core/errors.ts';
import type { EventBus } from '../core/events.ts';
import type { SDKEvents } from '../core/event-map.ts';
import type { Database } from '../db/types.ts';
import { findInheritanceCycle, type RolePermission } from './catalog.ts';
import { parseConditions } from './conditions.ts';
import { SUPER_ADMIN_ROLE } from './defaults.ts';
import { formatPermission, parsePermission } from './permission.ts';
import { knownPermissionOrThrow } from './registry.ts';
import { roleInheritance, rolePermissions, roles, userRoles } from './schema.ts';
import { loadCatalog } from './store.ts';
import type { AssignmentView, RoleInput, RoleService, RoleUpdate, RoleView } from './types.ts';

export interface RoleServiceInput {
  db: Database;
  events: EventBus<SDKEvents>;
  known: Readonly<Record<string, string>>;
  predicates: ReadonlySet<string>;
  /** Drops cached policies: one user's, or all (undefined). */
  invalidate(userId?: string): Promise<void>;
  /** Keeps better-auth's `user.role` in step with the users' roles (inside the change's transaction). */
  syncUserRoleField?: (userIds: readonly string[]) => Promise<void>;
}

const roleName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{1,63}$/, 'a role name: 2–64 characters of a-z, 0-9, _ and -, starting with a letter');
const text = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex -- control characters have no place in a role description
    .refine((value) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value), 'no control characters');
const permissionEntry = z.union([
  z.string().max(160),
  z.strictObject({
    permission: z.string().max(160),
    effect: z.enum(['allow', 'deny']).default('allow'),
    conditions: z.unknown().optional(),
  }),
]);
const roleInputSchema = z.strictObject({
  name: roleName,
  description: text(500).default(''),
  inherits: z.array(roleName).max(32).default([]),
  permissions: z.array(permissionEntry).max(500).default([]),
});
const roleUpdateSchema = z.strictObject({
  name: roleName.optional(),
  description: text(500).optional(),
  inherits: z.array(roleName).max(32).optional(),
  permissions: z.array(permissionEntry).max(500).optional(),
});
// eslint-disable-next-line no-control-regex -- ids with control characters (NUL) are refused, not sent to PostgreSQL
const noControl = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);
const idSchema = z.string().min(1).max(255).refine(noControl, 'no control characters');
const tenantSchema = z.string().min(1).max(255).refine(noControl, 'no control characters').nullish();

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw sdkError('VALIDATION_FAILED', {
    details: { problems: result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) },
  });
}

const notFound = (name: string) =>
  sdkError('PERMISSION_ROLE_NOT_FOUND', {
    status: 404,
    message: `There is no role "${name}".`,
    details: { role: name },
  });

export function createRoleService(input: RoleServiceInput): RoleService {
  const { db, events, known, predicates } = input;

  /** Validates and normalises permissions: known names, valid conditions, one entry per (permission, effect). */
  function normalisePermissions(entries: readonly z.infer<typeof permissionEntry>[]): RolePermission[] {
    const seen = new Map<string, RolePermission>();
    for (const entry of entries) {
      const raw = typeof entry === 'string' ? { permission: entry, effect: 'allow' as const } : entry;
      const permission = formatPermission(parsePermission(raw.permission));
      knownPermissionOrThrow(permission, known);
      const conditions =
        'conditions' in raw && raw.conditions !== undefined && raw.conditions !== null
          ? parseConditions(raw.conditions, predicates)
          : undefined;
      const normalised: RolePermission = conditions?.length
        ? { permission, effect: raw.effect, conditions }
        : { permission, effect: raw.effect };
      seen.set(`${raw.effect} ${permission}`, normalised);
    }
    return [...seen.values()];
  }

  async function roleRow(name: string) {
    const [row] = await db.drizzle.select().from(roles).where(eq(roles.name, name));
    return row;
  }

  async function requireRole(name: string) {
    const row = await roleRow(name);
    if (!row) throw notFound(name);
    return row;
  }

  async function view(name: string): Promise<RoleView> {
    const row = await requireRole(name);
    const definition = (await loadCatalog(db)).find((role) => role.name === name);
    const [{ users } = { users: 0 }] = await db.drizzle
      .select({ users: count() })
      .from(userRoles)
      .where(eq(userRoles.roleId, row.id));
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      system: row.system,
      inherits: definition?.inherits ?? [],
      permissions: definition?.permissions ?? [],
      userCount: users,
    };
  }

  /** Parents by name → ids; a missing one is refused; a cycle through `roleId` is refused with its path. */
  async function resolveParents(name: string, parents: readonly string[]): Promise<string[]> {
    if (parents.includes(name))
      throw sdkError('PERMISSION_ROLE_CYCLE', {
        status: 400,
        message: `A role cannot inherit from itself ("${name}").`,
        details: { cycle: [name, name] },
      });
    const rows = parents.length
      ? await db.drizzle
          .select({ id: roles.id, name: roles.name })
          .from(roles)
          .where(inArray(roles.name, [...parents]))
      : [];
    for (const parent of parents) if (!rows.some((row) => row.name === parent)) throw notFound(parent);
    const catalog = await loadCatalog(db);
    const edges = new Map(catalog.map((role) => [role.name, role.inherits]));
    edges.set(name, [...parents]);
    const cycle = findInheritanceCycle(edges);
    if (cycle)
      throw sdkError('PERMISSION_ROLE_CYCLE', {
        status: 400,
        message: `Inheritance would go round in a circle: ${cycle.join(' → ')}.`,
        details: { cycle },
      });
    return rows.map((row) => row.id);
  }

  async function writePermissions(roleId: string, permissions: readonly RolePermission[]) {
    await db.drizzle.delete(rolePermissions).where(eq(rolePermissions.roleId, roleId));
    if (permissions.length)
      await db.drizzle.insert(rolePermissions).values(
        permissions.map((grant) => ({
          id: randomUUID(),
          roleId,
          permission: grant.permission,
          effect: grant.effect,
          conditions: grant.conditions ?? null,
        })),
      );
  }

  async function writeParents(roleId: string, parentIds: readonly string[]) {
    await db.drizzle.delete(roleInheritance).where(eq(roleInheritance.roleId, roleId));
    if (parentIds.length)
      await db.drizzle.insert(roleInheritance).values(parentIds.map((inheritsId) => ({ roleId, inheritsId })));
  }

  /** After the change commits (the caller's outermost transaction), cached policies are dropped. */
  async function changed(userIds?: readonly string[]) {
    const run = async () => {
      if (userIds === undefined) await input.invalidate();
      else for (const id of userIds) await input.invalidate(id);
    };
    if (db.inTransaction()) db.afterCommit(run);
    else await run();
  }

  /**
   * Holders of super_admin who keep the panel open: everywhere (no tenant), for good (no expiry: one that expires
   * would leave nobody then), on an account neither deleted nor banned. Counted under a lock of the role's row, so
   * two admins demoting each other at once cannot both succeed.
   */
  async function superAdminsLeft(excludingUserId: string): Promise<number> {
    await db.query(sql`select id from ${roles} where ${roles.name} = ${SUPER_ADMIN_ROLE} for update`);
    const [{ holders } = { holders: 0 }] = await db.drizzle
      .select({ holders: count() })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .innerJoin(user, eq(user.id, userRoles.userId))
      .where(
        and(
          eq(roles.name, SUPER_ADMIN_ROLE),
          isNull(userRoles.tenantId),
          isNull(userRoles.expiresAt),
          isNull(user.deletedAt),
          or(isNull(user.banned), eq(user.banned, false), lte(user.banExpires, new Date())),
          sql`${userRoles.userId} <> ${excludingUserId}`,
        ),
      );
    return holders;
  }

  async function holdsLiveSuperAdmin(userId: string): Promise<boolean> {
    const rows = await db.drizzle
      .select({ id: userRoles.id })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .where(
        and(
          eq(userRoles.userId, userId),
          eq(roles.name, SUPER_ADMIN_ROLE),
          isNull(userRoles.tenantId),
          or(isNull(userRoles.expiresAt), gt(userRoles.expiresAt, new Date())),
        ),
      );
    return rows.length > 0;
  }

  async function refuseLastSuperAdmin(userId: string) {
    if ((await holdsLiveSuperAdmin(userId)) && (await superAdminsLeft(userId)) === 0)
      throw sdkError('PERMISSION_LAST_SUPER_ADMIN', {
        status: 409,
        message: `This is the last ${SUPER_ADMIN_ROLE}: give the role to someone else first.`,
      });
  }

  async function requireUsers(userIds: readonly string[]) {
    const rows = await db.drizzle
      .select({ id: user.id })
      .from(user)
      .where(and(inArray(user.id, [...userIds]), isNull(user.deletedAt)));
    const found = new Set(rows.map((row) => row.id));
    const missing = userIds.filter((id) => !found.has(id));
    if (missing.length)
      throw sdkError('PERMISSION_USER_NOT_FOUND', {
        status: 404,
        message: missing.length === 1 ? 'There is no such user.' : `${missing.length} of the users do not exist.`,
        details: { users: missing.slice(0, 20) },
      });
  }

  const syncRoleField = async (userIds: readonly string[]) => {
    if (input.syncUserRoleField && userIds.length) await input.syncUserRoleField(userIds);
  };

  const service: RoleService = {
    async list() {
      const catalog = await loadCatalog(db);
      const rows = await db.drizzle.select({ id: roles.id, name: roles.name }).from(roles);
      const counts = await db.drizzle
        .select({ roleId: userRoles.roleId, users: count() })
        .from(userRoles)
        .groupBy(userRoles.roleId);
      const idOf = new Map(rows.map((row) => [row.name, row.id]));
      const usersOf = new Map(counts.map((row) => [row.roleId, row.users]));
      return catalog.map((role) => {
        const id = idOf.get(role.name) as string;
        return { ...role, id, userCount: usersOf.get(id) ?? 0 };
      });
    },

    get: (name) => view(parse(roleName, name)),

    async create(raw: RoleInput, options = {}) {
      const parsed = parse(roleInputSchema, raw);
      const permissions = normalisePermissions(parsed.permissions);
      await db.transaction(async () => {
        if (await roleRow(parsed.name))
          throw sdkError('PERMISSION_ROLE_EXISTS', {
            status: 409,
            message: `A role named "${parsed.name}" exists already.`,
            details: { role: parsed.name },
          });
        const parentIds = await resolveParents(parsed.name, parsed.inherits);
        const id = randomUUID();
        await db.drizzle.insert(roles).values({ id, name: parsed.name, description: parsed.description });
        await writeParents(id, parentIds);
        await writePermissions(id, permissions);
        await events.emit('role.created', {
          roleId: id,
          name: parsed.name,
          permissions: permissions.map((grant) =>
            grant.effect === 'deny' ? `!${grant.permission}` : grant.permission,
          ),
          inherits: [...parsed.inherits],
          ...(options.by ? { by: options.by } : {}),
        });
      });
      await changed();
      return view(parsed.name);
    },

    async update(rawName: string, raw: RoleUpdate, options = {}) {
      const name = parse(roleName, rawName);
      const parsed = parse(roleUpdateSchema, raw);
      const permissions = parsed.permissions ? normalisePermissions(parsed.permissions) : undefined;
      const finalName = await db.transaction(async () => {
        const row = await requireRole(name);
        const changes: string[] = [];
        const newName = parsed.name ?? name;
        if (newName !== name) {
          if (row.system)
            throw sdkError('PERMISSION_ROLE_SYSTEM', {
              status: 409,
              message: `"${name}" is a system role: it cannot be renamed.`,
            });
          if (await roleRow(newName))
            throw sdkError('PERMISSION_ROLE_EXISTS', {
              status: 409,
              message: `A role named "${newName}" exists already.`,
              details: { role: newName },
            });
          changes.push('name');
        }
        if (permissions && name === SUPER_ADMIN_ROLE)
          throw sdkError('PERMISSION_ROLE_SYSTEM', {
            status: 409,
            message: `The permissions of ${SUPER_ADMIN_ROLE} cannot change: it always holds everything.`,
          });
        const set: Partial<typeof roles.$inferInsert> = {};
        if (newName !== name) set.name = newName;
        if (parsed.description !== undefined) {
          set.description = parsed.description;
          changes.push('description');
        }
        if (Object.keys(set).length) await db.drizzle.update(roles).set(set).where(eq(roles.id, row.id));
        if (parsed.inherits) {
          await writeParents(row.id, await resolveParents(newName, parsed.inherits));
          changes.push('inherits');
        }
        if (permissions) {
          await writePermissions(row.id, permissions);
          changes.push('permissions');
        }
        const definition = (await loadCatalog(db)).find((role) => role.name === newName);
        await events.emit('role.updated', {
          roleId: row.id,
          name: newName,
          changes,
          permissions: (definition?.permissions ?? []).map((grant) =>
            grant.effect === 'deny' ? `!${grant.permission}` : grant.permission,
          ),
          inherits: definition?.inherits ?? [],
          ...(options.by ? { by: options.by } : {}),
        });
        if (newName !== name) {
          const holders = await db.drizzle
            .select({ userId: userRoles.userId })
            .from(userRoles)
            .where(eq(userRoles.roleId, row.id));
          await syncRoleField([...new Set(holders.map((holder) => holder.userId))]);
        }
        return newName;
      });
      await changed();
      return view(finalName);
    },

    async delete(rawName: string, options = {}) {
      const name = parse(roleName, rawName);
      const reassignTo = options.reassignTo === undefined ? undefined : parse(roleName, options.reassignTo);
      const reassigned = await db.transaction(async () => {
        const row = await requireRole(name);
        if (row.system)
          throw sdkError('PERMISSION_ROLE_SYSTEM', {
            status: 409,
            message: `"${name}" is a system role: it cannot be deleted.`,
          });
        const children = await db.drizzle
          .select({ name: roles.name })
          .from(roleInheritance)
          .innerJoin(roles, eq(roles.id, roleInheritance.roleId))
          .where(eq(roleInheritance.inheritsId, row.id));
        if (children.length)
          throw sdkError('PERMISSION_ROLE_IN_USE', {
            status: 409,
            message: `Other roles inherit from "${name}": ${children.map((child) => child.name).join(', ')}.`,
            details: { inheritedBy: children.map((child) => child.name) },
          });
        const holders = await db.drizzle.select().from(userRoles).where(eq(userRoles.roleId, row.id));
        if (holders.length && reassignTo === undefined)
          throw sdkError('PERMISSION_ROLE_IN_USE', {
            status: 409,
            message: `${holders.length} user(s) hold "${name}": give them another role (reassignTo) first.`,
            details: { users: holders.length },
          });
        if (holders.length && reassignTo !== undefined) {
          if (reassignTo === name)
            throw sdkError('VALIDATION_FAILED', { message: 'A role cannot be reassigned to itself.' });
          const target = await requireRole(reassignTo);
          await db.drizzle
            .insert(userRoles)
            .values(
              holders.map((holder) => ({
                id: randomUUID(),
                userId: holder.userId,
                roleId: target.id,
                tenantId: holder.tenantId,
                expiresAt: holder.expiresAt,
                grantedBy: options.by ?? null,
              })),
            )
            .onConflictDoNothing();
          await db.drizzle.delete(userRoles).where(eq(userRoles.roleId, row.id));
        }
        await db.drizzle.delete(roles).where(eq(roles.id, row.id));
        await events.emit('role.deleted', {
          roleId: row.id,
          name,
          reassigned: holders.length,
          ...(reassignTo !== undefined && holders.length ? { reassignedTo: reassignTo } : {}),
          ...(options.by ? { by: options.by } : {}),
        });
        await syncRoleField([...new Set(holders.map((holder) => holder.userId))]);
        return holders.length;
      });
      await changed();
      return { reassigned };
    },

    async assign(userId, role, options = {}) {
      await service.assignMany([userId], role, options);
    },

    async assignMany(rawUserIds, rawRole, options = {}) {
      const userIds = [...new Set(parse(z.array(idSchema).min(1).max(1000), rawUserIds))];
      const role = parse(roleName, rawRole);
      const tenantId = parse(tenantSchema, options.tenantId) ?? null;
      const expiresAt = parse(z.date().nullish(), options.expiresAt) ?? null;
      if (expiresAt && expiresAt.getTime() <= Date.now())
        throw sdkError('VALIDATION_FAILED', {
          message: 'The expiry must be in the future.',
          details: { field: 'expiresAt' },
        });
      await db.transaction(async () => {
        const row = await requireRole(role);
        await requireUsers(userIds);
        // Making the last permanent super_admin's role expire would lock everyone out at that time.
        if (role === SUPER_ADMIN_ROLE && expiresAt && tenantId === null)
          for (const id of userIds) await refuseLastSuperAdmin(id);
        await db.drizzle
          .insert(userRoles)
          .values(
            userIds.map((userId) => ({
              id: randomUUID(),
              userId,
              roleId: row.id,
              tenantId,
              expiresAt,
              grantedBy: options.by ?? null,
            })),
          )
          .onConflictDoUpdate({
            target: [userRoles.userId, userRoles.roleId, userRoles.tenantId],
            set: { expiresAt, grantedBy: options.by ?? null, grantedAt: new Date() },
          });
        for (const userId of userIds)
          await events.emit('role.assigned', {
            userId,
            role,
            ...(tenantId !== null ? { tenantId } : {}),
            ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
            ...(options.by ? { by: options.by } : {}),
          });
        await syncRoleField(userIds);
      });
      await changed(userIds);
      return { assigned: userIds.length };
    },

    async revoke(rawUserId, rawRole, options = {}) {
      const userId = parse(idSchema, rawUserId);
      const role = parse(roleName, rawRole);
      const tenantId = parse(tenantSchema, options.tenantId) ?? null;
      const revoked = await db.transaction(async () => {
        const row = await requireRole(role);
        if (role === SUPER_ADMIN_ROLE && tenantId === null) await refuseLastSuperAdmin(userId);
        const deleted = await db.drizzle
          .delete(userRoles)
          .where(
            and(
              eq(userRoles.userId, userId),
              eq(userRoles.roleId, row.id),
              tenantId === null ? isNull(userRoles.tenantId) : eq(userRoles.tenantId, tenantId),
            ),
          )
          .returning({ id: userRoles.id });
        if (!deleted.length) return false;
        await events.emit('role.revoked', {
          userId,
          role,
          ...(tenantId !== null ? { tenantId } : {}),
          ...(options.by ? { by: options.by } : {}),
        });
        await syncRoleField([userId]);
        return true;
      });
      if (revoked) await changed([userId]);
      return revoked;
    },

    async setUserRoles(rawUserId, rawRoles, options = {}) {
      const userId = parse(idSchema, rawUserId);
      const wanted = [...new Set(parse(z.array(roleName).max(32), rawRoles))];
      await db.transaction(async () => {
        await requireUsers([userId]);
        const rows = wanted.length ? await db.drizzle.select().from(roles).where(inArray(roles.name, wanted)) : [];
        for (const name of wanted) if (!rows.some((row) => row.name === name)) throw notFound(name);
        const held = await db.drizzle
          .select({ id: userRoles.id, roleId: userRoles.roleId, name: roles.name })
          .from(userRoles)
          .innerJoin(roles, eq(roles.id, userRoles.roleId))
          .where(and(eq(userRoles.userId, userId), isNull(userRoles.tenantId)));
        const dropped = held.filter((assignment) => !wanted.includes(assignment.name));
        const added = rows.filter((row) => !held.some((assignment) => assignment.roleId === row.id));
        if (dropped.some((assignment) => assignment.name === SUPER_ADMIN_ROLE)) await refuseLastSuperAdmin(userId);
        if (dropped.length)
          await db.drizzle.delete(userRoles).where(
            inArray(
              userRoles.id,
              dropped.map((assignment) => assignment.id),
            ),
          );
        if (added.length)
          await db.drizzle
            .insert(userRoles)
            .values(added.map((row) => ({ id: randomUUID(), userId, roleId: row.id, grantedBy: options.by ?? null })));
        for (const assignment of dropped)
          await events.emit('role.revoked', {
            userId,
            role: assignment.name,
            ...(options.by ? { by: options.by } : {}),
          });
        for (const row of added)
          await events.emit('role.assigned', { userId, role: row.name, ...(options.by ? { by: options.by } : {}) });
        await syncRoleField([userId]);
      });
      await changed([userId]);
    },

    async isLastSuperAdmin(rawUserId) {
      const userId = parse(idSchema, rawUserId);
      return (await holdsLiveSuperAdmin(userId)) && (await superAdminsLeft(userId)) === 0;
    },

    async assignmentsOf(rawUserId): Promise<AssignmentView[]> {
      const userId = parse(idSchema, rawUserId);
      const rows = await db.drizzle
        .select({
          role: roles.name,
          tenantId: userRoles.tenantId,
          expiresAt: userRoles.expiresAt,
          grantedAt: userRoles.grantedAt,
          grantedBy: userRoles.grantedBy,
        })
        .from(userRoles)
        .innerJoin(roles, eq(roles.id, userRoles.roleId))
        .where(eq(userRoles.userId, userId));
      return rows.map((row) => ({
        userId,
        role: row.role,
        tenantId: row.tenantId,
        expiresAt: row.expiresAt ? row.expiresAt.getTime() : null,
        grantedAt: row.grantedAt,
        grantedBy: row.grantedBy,
      }));
    },
  };
  return service;
}
