import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, primaryKey, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { user } from '../auth/schema.ts';
import { permissionsSchema } from '../db/pg-schemas.ts';
import type { Condition } from './conditions.ts';

// The permissions domain's tables in the `permissions` schema: roles, what they inherit, the permissions they hold
// (or are refused) and who holds them.

export const roles = permissionsSchema.table(
  'roles',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Seeded by sv-sdk: cannot be deleted or renamed. */
    system: boolean('system').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (table) => [uniqueIndex('roles_name_idx').on(table.name)],
);

/** `roleId` holds every permission of `inheritsId` (transitively; cycles are refused by the role service). */
export const roleInheritance = permissionsSchema.table(
  'role_inheritance',
  {
    roleId: text('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'cascade' }),
    // A role others inherit from cannot be deleted until they stop.
    inheritsId: text('inherits_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'restrict' }),
  },
  (table) => [
    primaryKey({ columns: [table.roleId, table.inheritsId] }),
    index('role_inheritance_parent_idx').on(table.inheritsId),
  ],
);

export const rolePermissions = permissionsSchema.table(
  'role_permissions',
  {
    id: text('id').primaryKey(),
    roleId: text('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'cascade' }),
    /** `resource:action[:scope]`, validated by the role service. */
    permission: text('permission').notNull(),
    effect: text('effect', { enum: ['allow', 'deny'] })
      .notNull()
      .default('allow'),
    /** ABAC conditions (conditions.ts), all of which must hold; null: none. */
    conditions: jsonb('conditions').$type<Condition[]>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('role_permissions_unique_idx').on(table.roleId, table.permission, table.effect),
    check('role_permissions_effect_check', sql`${table.effect} in ('allow', 'deny')`),
  ],
);

export const userRoles = permissionsSchema.table(
  'user_roles',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    // A role held by someone cannot be deleted: the role service reassigns or refuses.
    roleId: text('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'restrict' }),
    /** The tenant (organisation) the role is limited to; null: everywhere. */
    tenantId: text('tenant_id'),
    /** The role ends then; null: never. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    /** The user who granted it; null: a seed or the system. */
    grantedBy: text('granted_by'),
  },
  (table) => [
    // One assignment of a role per user and tenant (null tenant included).
    unique('user_roles_unique').on(table.userId, table.roleId, table.tenantId).nullsNotDistinct(),
    index('user_roles_role_idx').on(table.roleId),
  ],
);
