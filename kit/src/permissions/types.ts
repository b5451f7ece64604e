import type { RoleAssignment, RoleDefinition, RolePermission } from './catalog.ts';
import type { CheckContext, OwnerFields, Predicate, ResourceObject } from './conditions.ts';
import type { Decision, PermissionCheck, Policy } from './policy.ts';

export interface PermissionsPluginOptions {
  /**
   * The app's own permissions, `resource:action` → description, beside sv-sdk's (`BUILT_IN_PERMISSIONS`). Roles can
   * only be granted known permissions.
   * @example permissionsPlugin({ permissions: { 'post:update': 'Edit posts', 'post:delete': 'Delete posts' } })
   */
  permissions?: Readonly<Record<string, string>>;
  /** Custom ABAC predicates by name, usable in conditions as `{ type: 'custom', name }`. */
  predicates?: Readonly<Record<string, Predicate>>;
  /** The field of a resource that names its owner, per resource. Default: `id` for `user`, `userId` otherwise. */
  ownerFields?: OwnerFields;
  /** Roles every signed-in user holds without an assignment. @default ['user'] */
  defaultRoles?: readonly string[];
  /** Seconds a user's compiled policy stays cached. @default 300 */
  policyTtlSeconds?: number;
  /**
   * Route guards: a URL pattern → the permission a request needs (`*` one segment, `**` any rest; the most specific
   * pattern decides). Checked by the SvelteKit handle before the route runs; refusals are emitted as
   * `permission.denied`. They add to the default `{ '/admin/**': 'admin:access' }`; `false` removes a pattern.
   * Patterns are matched against the path as SvelteKit routes it (decoded), base path included.
   */
  guards?: Readonly<Record<string, string | false>>;
}

/** A role as the role service shows it. */
export interface RoleView extends RoleDefinition {
  id: string;
  /** Users holding it directly (any tenant). */
  userCount: number;
}

export interface RoleInput {
  name: string;
  description?: string;
  inherits?: readonly string[];
  permissions?: readonly (string | RolePermission)[];
}

export interface RoleUpdate {
  /** A new name (not for system roles). */
  name?: string;
  description?: string;
  /** Replaces what the role inherits. */
  inherits?: readonly string[];
  /** Replaces the role's permissions. */
  permissions?: readonly (string | RolePermission)[];
}

export interface ChangeOptions {
  /** The acting user (for events and audit); absent for the system. */
  by?: string;
}

export interface AssignOptions extends ChangeOptions {
  tenantId?: string | null;
  expiresAt?: Date | null;
}

export interface AssignmentView extends RoleAssignment {
  userId: string;
  grantedAt: Date;
  grantedBy: string | null;
}

/** Role management: every change is validated, one transaction, emitted as an event and invalidates caches. */
export interface RoleService {
  list(): Promise<RoleView[]>;
  get(name: string): Promise<RoleView>;
  create(input: RoleInput, options?: ChangeOptions): Promise<RoleView>;
  update(name: string, update: RoleUpdate, options?: ChangeOptions): Promise<RoleView>;
  /** A role someone holds is moved to `reassignTo` first, or the deletion is refused (`PERMISSION_ROLE_IN_USE`). */
  delete(name: string, options?: ChangeOptions & { reassignTo?: string }): Promise<{ reassigned: number }>;
  assign(userId: string, role: string, options?: AssignOptions): Promise<void>;
  /** Assigns a role to many users at once: all or none. */
  assignMany(userIds: readonly string[], role: string, options?: AssignOptions): Promise<{ assigned: number }>;
  /** False when the user did not hold it. The last super_admin cannot lose it (`PERMISSION_LAST_SUPER_ADMIN`). */
  revoke(userId: string, role: string, options?: ChangeOptions & { tenantId?: string | null }): Promise<boolean>;
  /** Replaces a user's roles held everywhere (no tenant) with `roles`. */
  setUserRoles(userId: string, roles: readonly string[], options?: ChangeOptions): Promise<void>;
  /** The roles a user holds directly. */
  assignmentsOf(userId: string): Promise<AssignmentView[]>;
  /**
   * Whether taking the account or the role away from the user (ban, removal, revocation) would leave no super_admin
   * who can act: the user holds super_admin everywhere and nobody else does for good on a usable account.
   */
  isLastSuperAdmin(userId: string): Promise<boolean>;
}

/** The permissions service (`sdk.service('permissions')`). */
export interface PermissionsService {
  /** The user's compiled policy: from this process's memory when warm, else the cache, else the database. */
  policyFor(userId: string): Promise<Policy>;
  /** The policy when it is warm in this process (no I/O), else undefined. */
  peekPolicy(userId: string): Policy | undefined;
  /** The policy of a signed-out visitor: the default roles are not theirs, so it holds nothing. */
  readonly anonymous: Policy;
  can(
    userId: string,
    action: string,
    resource: string,
    object?: ResourceObject,
    context?: CheckContext,
  ): Promise<boolean>;
  /** A permission string (`user:read:any`, `post:update:own`). */
  has(userId: string, permission: string, context?: CheckContext): Promise<boolean>;
  canAll(userId: string, checks: readonly PermissionCheck[]): Promise<boolean>;
  canAny(userId: string, checks: readonly PermissionCheck[]): Promise<boolean>;
  explain(
    userId: string,
    action: string,
    resource: string,
    object?: ResourceObject,
    context?: CheckContext,
  ): Promise<Decision>;
  /** Throws `PERMISSION_DENIED` (403) unless the user has the permission. */
  require(userId: string, permission: string, context?: CheckContext): Promise<void>;
  /** Every known permission, `resource:action` → description (built-in and the app's). */
  readonly known: Readonly<Record<string, string>>;
  /** Route guards, pattern → permission. */
  readonly guards: Readonly<Record<string, string>>;
  /** The role service unchecked: for seeds, the CLI and the app's own trusted code. */
  roles: RoleService;
  /**
   * The role service as `actorId` may use it: each operation needs its `role:*` permission, and nobody gives more
   * than they hold (roles held everywhere, permissions they have, no deny rules, super_admins only by super_admins).
   * What the admin panel, the REST API and `/admin/set-role` use.
   */
  rolesAs(actorId: string, context?: CheckContext): RoleService;
  /** Drops cached policies: one user's, or every one (and the role catalog). */
  invalidate(userId?: string): Promise<void>;
}
