import { sdkError } from '../core/errors.ts';
import type { EventBus } from '../core/events.ts';
import type { SDKEvents } from '../core/event-map.ts';
import type { RolePermission } from './catalog.ts';
import type { CheckContext } from './conditions.ts';
import { SUPER_ADMIN_ROLE } from './defaults.ts';
import type { Policy } from './policy.ts';
import type { RoleService } from './types.ts';

/**
 * The role service as one user may use it (`permissions.rolesAs(actorId)`): what the admin panel, the REST API and
 * better-auth's `/admin/set-role` call. Besides the permission each operation needs (`role:read|create|update|
 * delete|assign`), nobody gives more than they hold, unless they are a super_admin:
 * - roles given, taken back, inherited from or reassigned to must be roles the caller holds everywhere (directly or
 *   by inheritance; a role held in one tenant only does not count);
 * - permissions written into a role must be ones the caller has (`has`), and deny rules are a super_admin's alone
 *   (a deny on a role everyone holds would bind the super_admins too);
 * - a user holding super_admin is only acted on by a super_admin.
 * Refusals are `PERMISSION_DENIED` (403) and are emitted as `permission.denied`.
 */

/** The roles a policy holds everywhere (no tenant), directly or by inheritance. */
export function rolesHeldEverywhere(policy: Policy): Set<string> {
  const now = Date.now();
  return new Set([
    ...policy.assignments
      .filter(
        (assignment) => assignment.tenantId == null && (assignment.expiresAt == null || assignment.expiresAt > now),
      )
      .map((assignment) => assignment.role),
    ...policy.data.rules
      .filter((rule) => rule.tenantId === undefined && (rule.expiresAt === undefined || rule.expiresAt > now))
      .map((rule) => rule.role),
  ]);
}

/**
 * Whether `actor` holds everything `target` is granted (each of the target's grants, as a permission string, is
 * one the actor `has`): acting on an account (its password, its email, impersonating it) is acting with its powers.
 */
export function dominates(actor: Policy, target: Policy, context: CheckContext = {}): boolean {
  if (actor.hasRole(SUPER_ADMIN_ROLE)) return true;
  return target.data.rules.every((rule) => rule.effect === 'deny' || actor.has(rule.permission, context));
}

export interface CheckedRoleServiceInput {
  roles: RoleService;
  policyFor(userId: string): Promise<Policy>;
  events: EventBus<SDKEvents>;
  actorId: string;
  context?: CheckContext;
}

export function createCheckedRoleService(input: CheckedRoleServiceInput): RoleService {
  const { roles, events, actorId } = input;
  const context = input.context ?? {};

  const refuse = async (permission: string, reason: string): Promise<never> => {
    await events.emit('permission.denied', { userId: actorId, permission, reason });
    throw sdkError('PERMISSION_DENIED', { details: { permission } });
  };

  /** The caller's policy, after checking it has `permission`. */
  async function caller(permission: string): Promise<Policy> {
    const policy = await input.policyFor(actorId);
    if (!policy.has(permission, context)) await refuse(permission, 'missing permission');
    return policy;
  }

  async function holdsRoles(policy: Policy, names: readonly string[], permission: string) {
    if (policy.hasRole(SUPER_ADMIN_ROLE)) return;
    const held = rolesHeldEverywhere(policy);
    const beyond = names.filter((name) => !held.has(name));
    if (beyond.length) await refuse(permission, `roles the caller does not hold: ${beyond.join(', ')}`);
  }

  async function mayWrite(policy: Policy, entries: readonly (string | RolePermission)[] | undefined) {
    if (!entries || policy.hasRole(SUPER_ADMIN_ROLE)) return;
    for (const entry of entries) {
      const grant = typeof entry === 'string' ? { permission: entry, effect: 'allow' as const } : entry;
      if (grant.effect === 'deny') await refuse('role:update', `deny rules are written by a ${SUPER_ADMIN_ROLE} only`);
      if (!policy.has(grant.permission, context))
        await refuse(grant.permission, `granting a permission the caller does not have: ${grant.permission}`);
    }
  }

  async function notSuperAdmin(policy: Policy, userIds: readonly string[], permission: string) {
    if (policy.hasRole(SUPER_ADMIN_ROLE)) return;
    for (const userId of userIds)
      if (userId !== actorId && (await input.policyFor(userId)).hasRole(SUPER_ADMIN_ROLE))
        await refuse(permission, `the target holds ${SUPER_ADMIN_ROLE}`);
  }

  return {
    async list() {
      await caller('role:read');
      return roles.list();
    },
    async get(name) {
      await caller('role:read');
      return roles.get(name);
    },
    async create(role, options = {}) {
      const policy = await caller('role:create');
      await mayWrite(policy, role.permissions);
      await holdsRoles(policy, role.inherits ?? [], 'role:create');
      return roles.create(role, { ...options, by: actorId });
    },
    async update(name, update, options = {}) {
      const policy = await caller('role:update');
      await mayWrite(policy, update.permissions);
      await holdsRoles(policy, update.inherits ?? [], 'role:update');
      return roles.update(name, update, { ...options, by: actorId });
    },
    async delete(name, options = {}) {
      const policy = await caller('role:delete');
      if (options.reassignTo !== undefined) await holdsRoles(policy, [options.reassignTo], 'role:delete');
      return roles.delete(name, { ...options, by: actorId });
    },
    async assign(userId, role, options = {}) {
      const policy = await caller('role:assign');
      await holdsRoles(policy, [role], 'role:assign');
      await notSuperAdmin(policy, [userId], 'role:assign');
      return roles.assign(userId, role, { ...options, by: actorId });
    },
    async assignMany(userIds, role, options = {}) {
      const policy = await caller('role:assign');
      await holdsRoles(policy, [role], 'role:assign');
      await notSuperAdmin(policy, userIds, 'role:assign');
      return roles.assignMany(userIds, role, { ...options, by: actorId });
    },
    async revoke(userId, role, options = {}) {
      const policy = await caller('role:assign');
      await holdsRoles(policy, [role], 'role:assign');
      await notSuperAdmin(policy, [userId], 'role:assign');
      return roles.revoke(userId, role, { ...options, by: actorId });
    },
    async setUserRoles(userId, names, options = {}) {
      const policy = await caller('role:assign');
      await notSuperAdmin(policy, [userId], 'role:assign');
      // Both what is given and what is taken away must be the caller's to give.
      const current = (await roles.assignmentsOf(userId))
        .filter((assignment) => assignment.tenantId == null)
        .map((assignment) => assignment.role);
      const changed = [
        ...names.filter((name) => !current.includes(name)),
        ...current.filter((name) => !names.includes(name)),
      ];
      await holdsRoles(policy, changed, 'role:assign');
      return roles.setUserRoles(userId, names, { ...options, by: actorId });
    },
    async assignmentsOf(userId) {
      if (userId !== actorId) await caller('role:read');
      return roles.assignmentsOf(userId);
    },
    isLastSuperAdmin: (userId) => roles.isLastSuperAdmin(userId),
  };
}
