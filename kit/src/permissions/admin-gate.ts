import { z } from 'zod';
import type { AdminGate } from '../auth/types.ts';
import { sdkError } from '../core/errors.ts';
import type { EventBus } from '../core/events.ts';
import { getRequestContext } from '../core/request-context.ts';
import type { SDKEvents } from '../core/event-map.ts';
import { SUPER_ADMIN_ROLE } from './defaults.ts';
import { dominates } from './checked-roles.ts';
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
/**
 * Endpoints whose `body.userId` names the user acted on. better-auth coerces it (`z.coerce.string()`): `["id"]` is
 * the user "id" to it, so anything but a string is refused here, or the checks on the target would not see it.
 */
const USER_ID_IN_BODY = new Set([...TARGETED, '/admin/list-user-sessions']);
USER_ID_IN_BODY.delete('/admin/revoke-user-session');
/** Endpoints that let the caller act as the target: the caller must hold everything the target is granted. */
const TAKEOVER = new Set(['/admin/set-user-password', '/admin/update-user', '/admin/impersonate-user']);
/** Endpoints that take the account away from its holder: refused for the last super_admin. */
const DISABLING = new Set(['/admin/remove-user', '/admin/ban-user']);
/** Fields of `data` (create-user, update-user) that need `user:ban`. */
const BAN_FIELDS = ['banned', 'banReason', 'banExpires'];
/**
 * Fields of `data` no admin endpoint may write: the role field (the role service keeps it), the soft delete
 * (remove-user), the second factor, the timestamps and the id. better-auth would check its own permission for some
 * (`set-role`), which the gate has neutralised.
 */
const PROTECTED_FIELDS = ['role', 'deletedAt', 'twoFactorEnabled', 'createdAt', 'updatedAt', 'id'];

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

  return async ({ path, actorId, impersonatedBy, body }) => {
    // While impersonating, the session is the other person's: it is for seeing what they see, not for running admin
    // endpoints with their powers (and their name on the audit trail). Only ending the impersonation is open.
    if (impersonatedBy && path !== '/admin/stop-impersonating')
      return refuse(actorId, path, path, `an admin endpoint during an impersonation by ${impersonatedBy}`);
    if (!(path in ADMIN_ENDPOINT_PERMISSIONS))
      return refuse(actorId, path, path, 'an admin endpoint sv-sdk does not map to a permission');
    const needed = ADMIN_ENDPOINT_PERMISSIONS[path];
    if (needed === null || needed === undefined) return;
    // The request's client address, so that ip-conditioned rules apply here as in the SvelteKit handle.
    const ip = getRequestContext()?.clientIp;
    const context = ip === undefined ? {} : { ip };
    const policy = await permissions.policyFor(actorId);
    if (!policy.has(needed, context)) return refuse(actorId, needed, path, 'missing permission');

    if (USER_ID_IN_BODY.has(path) && body.userId !== undefined && (typeof body.userId !== 'string' || !body.userId))
      throw sdkError('VALIDATION_FAILED', { message: 'userId must be a user id.', details: { field: 'userId' } });
    const targetId = typeof body.userId === 'string' ? body.userId : undefined;
    const data =
      typeof body.data === 'object' && body.data !== null ? (body.data as Record<string, unknown>) : undefined;
    if (path === '/admin/create-user' || path === '/admin/update-user') {
      const field = path === '/admin/create-user' && body.role !== undefined ? 'role' : undefined;
      const written = field ?? PROTECTED_FIELDS.find((name) => data !== undefined && Object.hasOwn(data, name));
      if (written !== undefined)
        throw sdkError('VALIDATION_FAILED', {
          message:
            written === 'role'
              ? 'Roles are given through the role service (set-role), not written into the user.'
              : `"${written}" cannot be written through this endpoint.`,
          details: { field: written },
        });
      if (
        BAN_FIELDS.some((name) => data !== undefined && Object.hasOwn(data, name)) &&
        !policy.has('user:ban', context)
      )
        return refuse(actorId, 'user:ban', path, 'missing permission');
    }
    const target = TARGETED.has(path) && targetId !== undefined ? await permissions.policyFor(targetId) : undefined;
    if (target && targetId !== actorId && target.hasRole(SUPER_ADMIN_ROLE) && !policy.hasRole(SUPER_ADMIN_ROLE))
      return refuse(actorId, needed, path, `the target holds ${SUPER_ADMIN_ROLE}`);
    // Taking an account over (its password, its email, impersonating it) is acting with its powers: only by a caller
    // who holds everything the account is granted (better-auth itself refuses impersonating its admins). Banning or
    // ending sessions takes powers away and needs only its permission (and a super_admin for a super_admin).
    if (target && targetId !== actorId && TAKEOVER.has(path) && !dominates(policy, target, context))
      return refuse(actorId, needed, path, 'the target holds permissions the caller does not');
    const disabling = DISABLING.has(path) || (path === '/admin/update-user' && data?.banned === true);
    if (disabling && targetId !== undefined && (await permissions.roles.isLastSuperAdmin(targetId)))
      throw sdkError('PERMISSION_LAST_SUPER_ADMIN', {
        status: 409,
        message: `This is the last ${SUPER_ADMIN_ROLE}: give the role to someone else first.`,
      });
    if (path === '/admin/set-role') {
      const parsed = setRoleBody.safeParse(body);
      if (!parsed.success)
        throw sdkError('VALIDATION_FAILED', { details: { field: String(parsed.error.issues[0]?.path[0] ?? 'role') } });
      const roles = (Array.isArray(parsed.data.role) ? parsed.data.role : parsed.data.role.split(','))
        .map((role) => role.trim())
        .filter(Boolean);
      // The role service as this caller may use it: nobody gives or takes back more than they hold.
      await permissions.rolesAs(actorId, context).setUserRoles(parsed.data.userId, roles);
      return { answer: { user: { id: parsed.data.userId, role: roles.join(',') } } };
    }
    return;
  };
}
