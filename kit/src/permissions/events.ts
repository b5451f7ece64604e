/**
 * Events of the permissions domain, merged into `SDKEvents` (core/event-map.ts). Every change of roles, grants or
 * assignments is emitted inside its transaction, so a queued listener (the audit log) commits with the change.
 * `by` is the acting user's id when a person made the change (absent for seeds and the system).
 */
export interface PermissionEvents {
  'role.created': { roleId: string; name: string; permissions: string[]; inherits: string[]; by?: string };
  'role.updated': {
    roleId: string;
    name: string;
    /** The fields that changed: `name`, `description`, `inherits`, `permissions`. */
    changes: string[];
    permissions: string[];
    inherits: string[];
    by?: string;
  };
  'role.deleted': { roleId: string; name: string; reassignedTo?: string; reassigned: number; by?: string };
  'role.assigned': { userId: string; role: string; tenantId?: string; expiresAt?: string; by?: string };
  'role.revoked': { userId: string; role: string; tenantId?: string; by?: string };
  /**
   * A guarded request was refused (`requirePermission`, the route guard table, better-auth's admin endpoints):
   * what was asked, by whom, where. The audit domain records these.
   */
  'permission.denied': { userId?: string; permission: string; path?: string; method?: string; reason: string };
}
