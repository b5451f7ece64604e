import type { Cache } from '../cache/types.ts';
import './error-codes.ts';
import { sdkError } from '../core/errors.ts';
import type { Database } from '../db/types.ts';
import { nextExpiry, policyDataFor, type PolicyData, type RoleDefinition } from './catalog.ts';
import type { Predicate } from './conditions.ts';
import { BUILT_IN_PERMISSIONS, DEFAULT_USER_ROLE } from './defaults.ts';
import { permissionProblem } from './permission.ts';
import { knownPermission } from './registry.ts';
import { Policy, type CompileOptions } from './policy.ts';
import { createCheckedRoleService } from './checked-roles.ts';
import { createRoleService, type RoleServiceInput } from './roles.ts';
import { loadAssignments, loadCatalog } from './store.ts';
import type { PermissionsPluginOptions, PermissionsService } from './types.ts';

/** Cache keys: the role catalog, and each user's policy data under one prefix (role changes drop them all). */
export const CATALOG_KEY = 'perm:catalog';
export const POLICY_PREFIX = 'perm:user:';
const DEFAULT_TTL_SECONDS = 300;
/** The route guards every app gets: the admin area needs `admin:access`. */
export const DEFAULT_GUARDS: Readonly<Record<string, string>> = { '/admin/**': 'admin:access' };

export interface PermissionsServiceInput {
  db: Database;
  cache: Cache;
  events: RoleServiceInput['events'];
  options: PermissionsPluginOptions;
  /** Writes the user's role names into better-auth's `user.role` (display only: permissions decide). */
  syncUserRoleField?: RoleServiceInput['syncUserRoleField'];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

export function createPermissionsService(input: PermissionsServiceInput): PermissionsService {
  const { db, cache, options } = input;
  const ttlSeconds = options.policyTtlSeconds ?? DEFAULT_TTL_SECONDS;
  const defaultRoles = options.defaultRoles ?? [DEFAULT_USER_ROLE];
  const known: Record<string, string> = { ...BUILT_IN_PERMISSIONS };
  for (const [name, description] of Object.entries(options.permissions ?? {})) {
    const problem = permissionProblem(name);
    if (problem !== undefined || name.split(':').length !== 2 || name.includes('*'))
      throw sdkError('CONFIG_INVALID', {
        message: `permissionsPlugin: "${name}" is not a permission name (resource:action, no wildcard, no scope).`,
      });
    known[name] = description;
  }
  // The app's guards add to the default; `false` removes a pattern (the default's included).
  const guards: Record<string, string> = {};
  for (const [pattern, permission] of Object.entries({ ...DEFAULT_GUARDS, ...options.guards }))
    if (permission !== false) guards[pattern] = permission;
  for (const [pattern, permission] of Object.entries(guards)) {
    if (!pattern.startsWith('/'))
      throw sdkError('CONFIG_INVALID', { message: `permissionsPlugin: guard pattern "${pattern}" must start with /.` });
    if (permissionProblem(permission) !== undefined || !knownPermission(permission, known))
      throw sdkError('CONFIG_INVALID', {
        message: `permissionsPlugin: the guard of "${pattern}" names "${permission}", which is not a known permission.`,
      });
  }
  const predicates = new Map<string, Predicate>(Object.entries(options.predicates ?? {}));
  const compileOptions: CompileOptions = { predicates, ownerFields: options.ownerFields ?? {} };
  const peekable = cache as Cache & { peek?: <T>(key: string) => T | undefined };

  // Compiled policies by the data object the cache holds: a warm check reuses the compiled one as long as the
  // cache keeps the same object (memory, and tiered L1); a dropped entry takes its compiled policy with it.
  const compiled = new WeakMap<PolicyData, Policy>();
  const compile = (data: PolicyData): Policy => {
    let policy = compiled.get(data);
    if (!policy) {
      policy = new Policy(data, compileOptions);
      compiled.set(data, policy);
    }
    return policy;
  };

  const catalog = (): Promise<RoleDefinition[]> => cache.getOrSet(CATALOG_KEY, () => loadCatalog(db), ttlSeconds);
  const loadPolicyData = async (userId: string, cached = true): Promise<PolicyData> => {
    const [roles, assignments] = await Promise.all([cached ? catalog() : loadCatalog(db), loadAssignments(db, userId)]);
    const byName = new Map(roles.map((role) => [role.name, role]));
    const all = [...defaultRoles.map((role) => ({ role })), ...assignments];
    // Shared by reference with every caller in this process (the memory cache and L1 keep the object): frozen.
    return deepFreeze(policyDataFor(userId, byName, all));
  };

  const policyFor = async (userId: string): Promise<Policy> => {
    // Inside a transaction the reads see its uncommitted changes (a role given, then rolled back): nothing read there
    // may reach the cache, where every other request would find it.
    if (db.inTransaction()) return new Policy(await loadPolicyData(userId, false), compileOptions);
    const key = POLICY_PREFIX + userId;
    const data = await cache.getOrSet(key, () => loadPolicyData(userId), ttlSeconds);
    // An assignment that expires sooner than the TTL: the policy's own rules stop applying then (the expiry is a
    // condition of each rule it brought), and the entry is replaced at the next miss.
    const expiry = nextExpiry(data);
    if (expiry !== undefined && expiry <= Date.now()) {
      await cache.delete(key);
      return compile(await loadPolicyData(userId));
    }
    return compile(data);
  };

  const invalidate = async (userId?: string): Promise<void> => {
    if (userId === undefined) {
      await cache.delete(CATALOG_KEY);
      await cache.deleteByPrefix(POLICY_PREFIX);
    } else await cache.delete(POLICY_PREFIX + userId);
  };

  const roles = createRoleService({
    db,
    events: input.events,
    known,
    predicates: new Set(predicates.keys()),
    invalidate,
    syncUserRoleField: input.syncUserRoleField,
  });

  const anonymous = new Policy({ userId: '', assignments: [], rules: [] }, compileOptions);

  return {
    policyFor,
    peekPolicy(userId) {
      const data = peekable.peek?.<PolicyData>(POLICY_PREFIX + userId);
      return data ? compiled.get(data) : undefined;
    },
    anonymous,
    async can(userId, action, resource, object, context) {
      return (await policyFor(userId)).can(action, resource, object, context);
    },
    async has(userId, permission, context) {
      return (await policyFor(userId)).has(permission, context);
    },
    async canAll(userId, checks) {
      return (await policyFor(userId)).canAll(checks);
    },
    async canAny(userId, checks) {
      return (await policyFor(userId)).canAny(checks);
    },
    async explain(userId, action, resource, object, context) {
      return (await policyFor(userId)).explain(action, resource, object, context);
    },
    async require(userId, permission, context) {
      if (!(await policyFor(userId)).has(permission, context))
        throw sdkError('PERMISSION_DENIED', { details: { permission } });
    },
    known,
    guards,
    roles,
    rolesAs: (actorId, context) =>
      createCheckedRoleService({ roles, policyFor, events: input.events, actorId, context }),
    invalidate,
  };
}
