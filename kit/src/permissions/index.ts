// The public API of `@sv-sdk/kit/permissions`: anything not exported here is internal.
export { permissionsPlugin, rolesSeed } from './plugin.ts';
export { createPermissionsService } from './service.ts';
export { ADMIN_ENDPOINT_PERMISSIONS, createAdminGate } from './admin-gate.ts';
export {
  BUILT_IN_PERMISSIONS,
  DEFAULT_ROLES,
  DEFAULT_USER_ROLE,
  SUPER_ADMIN_ROLE,
  type BuiltInPermission,
} from './defaults.ts';
export {
  formatPermission,
  parsePermission,
  permissionSchema,
  type ParsedPermission,
  type PermissionScope,
} from './permission.ts';
export { knownPermission } from './registry.ts';
export {
  conditionSchema,
  conditionsSchema,
  parseConditions,
  type CheckContext,
  type Condition,
  type OwnerFields,
  type Predicate,
  type PredicateInput,
  type ResourceObject,
} from './conditions.ts';
export {
  findInheritanceCycle,
  inheritanceChain,
  policyDataFor,
  type PolicyData,
  type RoleAssignment,
  type RoleDefinition,
  type RolePermission,
  type RuleData,
  type RuleEffect,
} from './catalog.ts';
export { Policy, compilePolicy, type Decision, type DecidingRule, type PermissionCheck } from './policy.ts';
export type { PermissionEvents } from './events.ts';
export type {
  AssignOptions,
  AssignmentView,
  ChangeOptions,
  PermissionsPluginOptions,
  PermissionsService,
  RoleInput,
  RoleService,
  RoleUpdate,
  RoleView,
} from './types.ts';
export { roles, rolePermissions, roleInheritance, userRoles } from './schema.ts';
export { PERMISSION_ERROR_CODES, type PermissionErrorCode } from './error-codes.ts';
