// Every table of the kit, re-exported from the domain that owns it. drizzle-kit reads this file.
export * from './pg-schemas.ts';
export * from '../jobs/schema.ts';
export * from '../auth/schema.ts';
export * from '../permissions/schema.ts';
export * from '../audit/schema.ts';
