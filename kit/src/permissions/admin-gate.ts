import { z } from 'zod';
import type { AdminGate } from '../auth/types.ts';
import { sdkError } from '../core/errors.ts';
import type { EventBus } from '../core/events.ts';
import type { SDKEvents } from '../core/event-map.ts';
import { SUPER_ADMIN_ROLE } from './defaults.ts';
import type { PermissionsService } from './types.ts';

/**
 * better-auth's admin endpoints and the permission each needs. An endpoint missing here is refused: a better-auth
 * upgrade that adds one cannot open it before it is mapped. `null`: open to any signed-in user.
 */
export const ADMIN_ENDPOINT_PERMISSIONS: Readonly<Record<string, string | null>> = {
  '/admin/list-users': 'user:read',
  '/admin/get-user': 'user:read',
  '/admin/create-user': 'user:create',
  '/admin/update-user': 'user:update',
  '/admin/set-user-password': 'user:update',
  '/admin/remove-user': 'user:delete',
  '/admin/ban-user': 'user:ban',
  '/admin/unban-user': 'user:ban',
  '/admin/impersonate-user': 'user:impersonate',
  // Ends the caller's own impersonation session.
  '/admin/stop-impersonating': null,
  '/admin/list-user-sessions': 'session:read',
  '/admin/revoke-user-session': 'session:revoke',
  '/admin/revoke-user-sessions': 'session:revoke',
  '/admin/set-role': 'role:assign',
};

/** Endpoints that act on one user (`body.userId`): a super_admin is only acted on by a super_admin. */
const TARGETED = new Set([
  '/admin/update-user',
  '/admin/set-user-password',
  '/admin/remove-user',
  '/admin/ban-user',
  '/admin/unban-user',
  '/admin/impersonate-user',
  '/admin/revoke-user-session',
  '/admin/revoke-user-sessions',
  '/admin/set-role',
]);
/** Endpoints that take the account away from its holder: refused for the last super_admin. */
const DISABLING = new Set(['/admin/remove-user', '/admin/ban-user']);

const setRoleBody = z.object({
  userId: z.string().min(1).max(255),
  role: z.union([z.string().max(1000), z.array(z.string().max(64)).max(32)]),
});

/**
 * The gate the permissions plugin hands to the auth service: sv-sdk's roles decide every better-auth admin
 * endpoint. `/admin/set-role` is answered here: it replaces the user's roles through the role service (so the role
 * field and the roles stay one), after the same checks.
 */
export function createAdminGate(permissions: PermissionsService, events: EventBus<SDKEvents>): AdminGate {
  const refuse = async (actorId: string, permission: string, path: string, reason: string): Promise<never> => {
    await events.emit('permission.denied', { userId: actorId, permission, path: `/api/auth${path}`, reason });
    throw sdkError('PERMISSION_DENIED', { details: { permission } });
  };

  return async ({ path, actorId, body }) => {
    if (!(path in ADMIN_ENDPOINT_PERMISSIONS))
      return refuse(actorId, path, path, 'an admin endpoint sv-sdk does not map to a permission');
    const needed = ADMIN_ENDPOINT_PERMISSIONS[path];
    if (needed === null || needed === undefined) return;
    const policy = await permissions.policyFor(actorId);
    if (!policy.has(needed)) return refuse(actorId, needed, path, 'missing permission');

    const targetId = typeof body.userId === 'string' ? body.userId : undefined;
    if (TARGETED.has(path) && targetId !== undefined && targetId !== actorId) {
      const target = await permissions.policyFor(targetId);
      if (target.hasRole(SUPER_ADMIN_ROLE) && !policy.hasRole(SUPER_ADMIN_ROLE))
        return refuse(actorId, needed, path, `the target holds ${SUPER_ADMIN_ROLE}`);
    }
    if (DISABLING.has(path) && targetId !== undefined) {
      const target = await permissions.policyFor(targetId);
      if (target.hasRole(SUPER_ADMIN_ROLE)) {
        const holders = (await permissions.roles.list()).find((role) => role.name === SUPER_ADMIN_ROLE)?.userCount ?? 0;
        if (holders <= 1)
          throw sdkError('PERMISSION_LAST_SUPER_ADMIN', {
            status: 409,
            message: `This is the last ${SUPER_ADMIN_ROLE}: give the role to someone else first.`,
          });
      }
    }
    if (path === '/admin/create-user' && body.role !== undefined)
      throw sdkError('VALIDATION_FAILED', {
        message: 'Create the user without a role, then assign roles through the role service.',
        details: { field: 'role' },
      });
    if (path === '/admin/set-role') {
      const parsed = setRoleBody.safeParse(body);
      if (!parsed.success)
        throw sdkError('VALIDATION_FAILED', { details: { field: String(parsed.error.issues[0]?.path[0] ?? 'role') } });
      const roles = (Array.isArray(parsed.data.role) ? parsed.data.role : parsed.data.role.split(','))
        .map((role) => role.trim())
        .filter(Boolean);
      // Nobody gives more than they hold: a role the caller does not hold (directly or by inheritance) needs a
      // super_admin.
      const held = new Set([
        ...policy.assignments.map((assignment) => assignment.role),
        ...policy.data.rules.map((rule) => rule.role),
      ]);
      const beyond = roles.filter((role) => !held.has(role));
      if (beyond.length && !policy.hasRole(SUPER_ADMIN_ROLE))
        return refuse(actorId, needed, path, `giving roles the caller does not hold: ${beyond.join(', ')}`);
      await permissions.roles.setUserRoles(parsed.data.userId, roles, { by: actorId });
      return { answer: { user: { id: parsed.data.userId, role: roles.join(',') } } };
    }
    return;
  };
}
