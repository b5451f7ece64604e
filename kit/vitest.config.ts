import { defineConfig } from 'vitest/config';

// SV_SDK_TEST_DB=postgres runs the integration suites against the machine's PostgreSQL instead of PGlite.
export default defineConfig({
  test: {
    name: `kit:${process.env.SV_SDK_TEST_DB ?? 'pglite'}`,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { NODE_ENV: 'test' },
  },
});
