import { defineConfig } from 'drizzle-kit';

// `pnpm --filter @sv-sdk/kit db:generate` writes a new migration from the schema; never edit an applied one.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './migrations',
  schemaFilter: ['sv_sdk', 'auth', 'email', 'audit', 'permissions'],
});
