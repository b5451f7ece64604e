import { pgSchema } from 'drizzle-orm/pg-core';

// The PostgreSQL schemas of the domains. Declared here, before their tables exist, so the first migration creates
// them all; each domain builds its tables on its schema (`authSchema.table('user', …)`). `sv_sdk` (kit internals)
// is declared in jobs/schema.ts.
export const authSchema = pgSchema('auth');
export const emailSchema = pgSchema('email');
export const auditSchema = pgSchema('audit');
export const permissionsSchema = pgSchema('permissions');
