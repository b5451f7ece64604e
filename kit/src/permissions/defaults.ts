import type { RoleDefinition } from './catalog.ts';

/**
 * The permissions sv-sdk itself checks, `resource:action` → what it allows. Every one can be granted with the `any`
 * scope (all of the kind) or `own` (the user's own). Apps add theirs with `permissionsPlugin({ permissions })`; a role
 * can only be granted a known permission (or a wildcard over known ones).
 */
export const BUILT_IN_PERMISSIONS = {
  'admin:access': 'Open the admin panel',
  'user:read': 'See user accounts',
  'user:create': 'Create user accounts',
  'user:update': 'Edit user accounts (name, email, password)',
  'user:delete': 'Delete user accounts',
  'user:ban': 'Ban and unban users',
  'user:impersonate': 'Sign in as another user',
  'session:read': 'See sessions',
  'session:revoke': 'End sessions',
  'role:read': 'See roles and who holds them',
  'role:create': 'Create roles',
  'role:update': 'Change roles and their permissions',
  'role:delete': 'Delete roles',
  'role:assign': 'Give roles to users and take them back',
  'audit:read': 'Read the audit log',
  'audit:export': 'Export the audit log',
  'email:read': 'See sent emails and templates',
  'email:send': 'Send emails',
  'email:update': 'Edit email templates',
  'health:read': 'See health details',
} as const satisfies Record<string, string>;

export type BuiltInPermission = keyof typeof BUILT_IN_PERMISSIONS;

/** The role of the seeded administrator; always holds `*`; the last holder cannot lose it. */
export const SUPER_ADMIN_ROLE = 'super_admin';
/** The role every signed-in user holds without an assignment (`permissionsPlugin({ defaultRoles })`). */
export const DEFAULT_USER_ROLE = 'user';

type SeedRole = Omit<RoleDefinition, 'system'>;

/** The seeded roles. Each is a system role: it can be changed but not deleted or renamed. */
export const DEFAULT_ROLES: readonly SeedRole[] = [
  {
    name: SUPER_ADMIN_ROLE,
    description: 'Everything, including roles and impersonation.',
    inherits: [],
    permissions: [{ permission: '*', effect: 'allow' }],
  },
  {
    name: 'admin',
    description: 'Runs the admin panel: users, sessions, role assignments, audit, email.',
    inherits: ['manager'],
    permissions: [
      'user:create',
      'user:update',
      'user:delete',
      'user:ban',
      'session:revoke',
      'role:assign',
      'audit:export',
      'email:send',
      'email:update',
    ].map((permission) => ({ permission, effect: 'allow' as const })),
  },
  {
    name: 'manager',
    description: 'Reads the admin panel: users, sessions, roles, audit, email, health.',
    inherits: ['user'],
    permissions: [
      'admin:access',
      'user:read',
      'session:read',
      'role:read',
      'audit:read',
      'email:read',
      'health:read',
    ].map((permission) => ({ permission, effect: 'allow' as const })),
  },
  {
    name: DEFAULT_USER_ROLE,
    description: 'Every signed-in user: their own account and sessions.',
    inherits: [],
    permissions: ['user:read:own', 'user:update:own', 'user:delete:own', 'session:read:own', 'session:revoke:own'].map(
      (permission) => ({ permission, effect: 'allow' as const }),
    ),
  },
];
