import type { Condition } from './conditions.ts';

/**
 * The role catalog and how a user's rules follow from it: pure data in, pure data out (the service loads the rows,
 * the policy compiles the result).
 */

export type RuleEffect = 'allow' | 'deny';

/** One permission a role holds (or is refused, `deny`), with its conditions. */
export interface RolePermission {
  permission: string;
  effect: RuleEffect;
  conditions?: Condition[];
}

export interface RoleDefinition {
  name: string;
  description: string;
  /** Roles whose permissions this one also holds (transitively). */
  inherits: string[];
  /** Seeded by sv-sdk: cannot be deleted or renamed. */
  system: boolean;
  permissions: RolePermission[];
}

/** A role given to a user: everywhere, or in one tenant, until an optional expiry. */
export interface RoleAssignment {
  role: string;
  tenantId?: string | null;
  /** Epoch milliseconds. */
  expiresAt?: number | null;
}

/** A rule of a user's policy, as cached (JSON). */
export interface RuleData extends RolePermission {
  /** The role that declares the rule. */
  role: string;
  /** The assigned role it reached the user through, when that is not `role` itself (inheritance). */
  via?: string;
  /** The assignment is limited to this tenant. */
  tenantId?: string;
  /** The assignment ends then (epoch ms). */
  expiresAt?: number;
}

/** A user's policy as the cache holds it. */
export interface PolicyData {
  userId: string;
  assignments: RoleAssignment[];
  rules: RuleData[];
}

/**
 * The roles `name` inherits from, transitively, `name` first; each once, whatever the shape of the graph. A role
 * missing from the catalog contributes nothing.
 */
export function inheritanceChain(catalog: ReadonlyMap<string, RoleDefinition>, name: string): RoleDefinition[] {
  const seen = new Set<string>();
  const chain: RoleDefinition[] = [];
  const stack = [name];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    const role = catalog.get(next);
    if (!role) continue;
    chain.push(role);
    for (let i = role.inherits.length - 1; i >= 0; i--) stack.push(role.inherits[i] as string);
  }
  return chain;
}

/**
 * A cycle the inheritance edges would make, as the path of role names that closes it (`['a', 'b', 'a']`), or
 * undefined. `edges` maps a role to the roles it inherits from.
 */
export function findInheritanceCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    const current = state.get(name);
    if (current === 'done') return undefined;
    if (current === 'open') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'open');
    path.push(name);
    for (const parent of edges.get(name) ?? []) {
      const cycle = visit(parent);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of edges.keys()) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * The rules a user holds through their assignments: each assigned role's own permissions and those of every role it
 * inherits, tagged with the assignment's tenant and expiry. Expired assignments (at `now`) are left out.
 */
export function policyDataFor(
  userId: string,
  catalog: ReadonlyMap<string, RoleDefinition>,
  assignments: readonly RoleAssignment[],
  now = Date.now(),
): PolicyData {
  const live = assignments.filter((assignment) => assignment.expiresAt == null || assignment.expiresAt > now);
  const rules: RuleData[] = [];
  for (const assignment of live) {
    for (const role of inheritanceChain(catalog, assignment.role)) {
      for (const permission of role.permissions) {
        const rule: RuleData = { ...permission, role: role.name };
        if (role.name !== assignment.role) rule.via = assignment.role;
        if (assignment.tenantId != null) rule.tenantId = assignment.tenantId;
        if (assignment.expiresAt != null) rule.expiresAt = assignment.expiresAt;
        rules.push(rule);
      }
    }
  }
  return { userId, assignments: live.map((assignment) => ({ ...assignment })), rules };
}

/** The first moment the policy changes by itself (an assignment's expiry), or undefined. */
export function nextExpiry(data: PolicyData): number | undefined {
  let first: number | undefined;
  for (const assignment of data.assignments)
    if (assignment.expiresAt != null && (first === undefined || assignment.expiresAt < first))
      first = assignment.expiresAt;
  return first;
}
