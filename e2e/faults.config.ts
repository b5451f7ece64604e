import { defineConfig } from '@playwright/test';

// The fault suite (`pnpm test:faults`): its own redis-server and PostgreSQL cluster on ports of their own, killed
// and restarted under load against the demo's production build. No browser: requests are plain fetches.
// Ports: the demo on FAULTS_BASE_PORT (4191), PostgreSQL FAULTS_PG_PORT (5490), Redis FAULTS_REDIS_PORT (6390).
export default defineConfig({
  testDir: './faults',
  testMatch: '*.test.ts',
  // Its own output folder: the regular suite's test-results are left alone (the figures go beside them).
  outputDir: './test-results/faults',
  timeout: 180_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  globalSetup: './faults/global-setup.ts',
  globalTeardown: './faults/global-teardown.ts',
});
