import { asc, eq } from 'drizzle-orm';
import type { Database } from '../db/types.ts';
import type { RoleAssignment, RoleDefinition } from './catalog.ts';
import { roleInheritance, rolePermissions, roles, userRoles } from './schema.ts';

// Reads of the permissions tables. Writes live in the role service (roles.ts), inside its transactions.

/** Every role with what it inherits and holds (the catalog is small: it is read whole and cached). */
export async function loadCatalog(db: Database): Promise<RoleDefinition[]> {
  const [roleRows, edges, grants] = await Promise.all([
    db.drizzle.select().from(roles).orderBy(asc(roles.name)),
    db.drizzle.select().from(roleInheritance),
    db.drizzle.select().from(rolePermissions).orderBy(asc(rolePermissions.permission)),
  ]);
  const nameOf = new Map(roleRows.map((row) => [row.id, row.name]));
  const byId = new Map<string, RoleDefinition>(
    roleRows.map((row) => [
      row.id,
      { name: row.name, description: row.description, system: row.system, inherits: [], permissions: [] },
    ]),
  );
  for (const edge of edges) {
    const parent = nameOf.get(edge.inheritsId);
    if (parent) byId.get(edge.roleId)?.inherits.push(parent);
  }
  for (const grant of grants) {
    const role = byId.get(grant.roleId);
    if (!role) continue;
    role.permissions.push(
      grant.conditions?.length
        ? { permission: grant.permission, effect: grant.effect, conditions: grant.conditions }
        : { permission: grant.permission, effect: grant.effect },
    );
  }
  for (const role of byId.values()) role.inherits.sort();
  return [...byId.values()];
}

/** The roles assigned to a user (expired ones included: the policy leaves them out at its time). */
export async function loadAssignments(db: Database, userId: string): Promise<RoleAssignment[]> {
  const rows = await db.drizzle
    .select({ role: roles.name, tenantId: userRoles.tenantId, expiresAt: userRoles.expiresAt })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(eq(userRoles.userId, userId));
  return rows.map((row) => ({
    role: row.role,
    tenantId: row.tenantId,
    expiresAt: row.expiresAt ? row.expiresAt.getTime() : null,
  }));
}
