import { defineConfig } from '@playwright/test';
import { demoAuthEnv, directEnv, PROXY_HEADERS } from './demo-env.ts';

const port = Number(process.env.E2E_DEMO_PORT ?? 4173);
const enginesPort = port + 1;
const directPort = port + 2;

// Chromium comes from the system (`apt-get install chromium`): Playwright's own browser download is not used.
const browser = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};
/** Behind a proxy: requests say `x-forwarded-proto: http`, as a TLS-terminating proxy would. */
const chromium = { ...browser, extraHTTPHeaders: { ...PROXY_HEADERS } };

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  // Visual baselines (tests/visual.test.ts) live in e2e/visual-baselines/; a missing one fails in CI rather than
  // being written. Small thresholds: Playwright's per-pixel colour distance (0–1) and differing pixels per page.
  snapshotPathTemplate: '{testDir}/../visual-baselines/{arg}{ext}',
  updateSnapshots: process.env.CI ? 'none' : 'missing',
  expect: {
    toHaveScreenshot: { threshold: 0.1, maxDiffPixels: 50, animations: 'disabled', caret: 'hide', scale: 'css' },
  },
  projects: [
    {
      name: 'embedded',
      use: { ...chromium, baseURL: `http://127.0.0.1:${port}` },
      testIgnore: ['**/production-direct.test.ts'],
    },
    {
      name: 'postgres+redis',
      use: { ...chromium, baseURL: `http://127.0.0.1:${enginesPort}` },
      // The client bundle and the pages' look are the same whatever the engines: checked once, in `embedded`.
      testIgnore: ['**/login-page-size.test.ts', '**/production-direct.test.ts', '**/visual.test.ts'],
    },
    {
      // The production build reached directly, as a browser does: no forwarded headers of any kind.
      name: 'production-direct',
      use: { ...browser, baseURL: `http://127.0.0.1:${directPort}` },
      testMatch: ['**/production-direct.test.ts'],
    },
  ],
  // Started in order: the first builds the demo, the second serves the same build on the real engines.
  webServer: [
    {
      // The demo as users deploy it: a production build served by adapter-node, on a throw-away embedded database.
      command: 'pnpm --filter demo build && node ../examples/demo/build',
      url: `http://127.0.0.1:${port}/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        SV_SDK_DATA_DIR: 'memory://',
        DB_MIGRATE_ON_START: 'true',
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
        REDIS_URL: '',
        ...demoAuthEnv(`http://127.0.0.1:${port}`),
      },
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      // The same build on a scratch PostgreSQL database and a Redis prefix, both removed on shutdown.
      command: 'node scripts/serve-demo-on-engines.ts',
      url: `http://127.0.0.1:${enginesPort}/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      env: { PORT: String(enginesPort), ...demoAuthEnv(`http://127.0.0.1:${enginesPort}`) },
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      // The same build as a user starts it on one machine: `node build` with ORIGIN, nothing in front.
      command: 'node ../examples/demo/build',
      url: `http://127.0.0.1:${directPort}/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { PORT: String(directPort), HOST: '127.0.0.1', ...directEnv(`http://127.0.0.1:${directPort}`) },
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
});
