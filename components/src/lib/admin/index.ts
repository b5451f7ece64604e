/**
 * Admin panel pieces: the application shell, the users table, the role × permission matrix and
 * the audit log viewer (the tables are built on DataTable).
 *
 * @example
 * ```svelte
 * <AppShell nav={[{ href: '/admin/users', label: 'Users' }]} currentPath={page.url.pathname}>
 *   <UsersTable users={data.users} pageInfo={data.pageInfo} onAction={act} />
 * </AppShell>
 * ```
 */
import Shell from './app-shell.svelte';
import Users from './users-table.svelte';
import Matrix from './role-permission-matrix.svelte';
import AuditLog from './audit-log-viewer.svelte';

export { adminMessages } from './messages.js';
export type * from './types.js';
export type { AppShellProps, AppShellNavItem } from './app-shell.svelte';
export type { UsersTableProps } from './users-table.svelte';
export type { RolePermissionMatrixProps } from './role-permission-matrix.svelte';
export type { AuditLogViewerProps } from './audit-log-viewer.svelte';
export {
  Shell,
  Users,
  Matrix,
  AuditLog,
  Shell as AppShell,
  Users as UsersTable,
  Matrix as RolePermissionMatrix,
  AuditLog as AuditLogViewer,
};
