/** A user row of {@link UsersTable}. */
export interface AdminUser {
  id: string;
  name?: string | null;
  email: string;
  image?: string | null;
  /** Role name(s). */
  role?: string | string[] | null;
  emailVerified?: boolean;
  banned?: boolean;
  createdAt?: Date | string;
  lastActiveAt?: Date | string | null;
}

/** Row actions offered by {@link UsersTable}; only those with a handler are shown. */
export type AdminUserAction = 'edit' | 'ban' | 'unban' | 'impersonate' | 'revokeSessions' | 'delete';

/** Filters of {@link UsersTable}. */
export interface AdminUserFilters {
  role?: string;
  status?: '' | 'active' | 'unverified' | 'banned';
}

/** A role column of {@link RolePermissionMatrix}. */
export interface AdminRole {
  id: string;
  name: string;
  description?: string;
  /** Grants cannot be changed (e.g. the built-in super admin). */
  locked?: boolean;
}

/** A permission row of {@link RolePermissionMatrix}. */
export interface AdminPermission {
  /** e.g. `user:ban`. */
  id: string;
  /** Human label; defaults to the id. */
  label?: string;
  /** Group heading (e.g. the resource, `user`). Defaults to the part of the id before `:`. */
  group?: string;
  description?: string;
}

/** One audit event of {@link AuditLogViewer}. */
export interface AuditEntry {
  id: string;
  createdAt: Date | string;
  /** Who did it; absent for system events. */
  actor?: { id: string; email?: string | null; name?: string | null } | null;
  /** e.g. `user.ban`, `session.created`. */
  action: string;
  /** What it was done to, e.g. `user:123`. */
  target?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  status?: 'success' | 'failure';
  requestId?: string | null;
  hash?: string | null;
  /** Masked event details. */
  details?: Record<string, unknown> | null;
}

/** Filters of {@link AuditLogViewer}. */
export interface AuditFilters {
  action?: string;
  actor?: string;
  /** ISO date (yyyy-mm-dd). */
  from?: string;
  /** ISO date (yyyy-mm-dd). */
  to?: string;
}
