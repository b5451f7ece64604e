import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_DEMO_PORT ?? 4173);

// Chromium comes from the system (`apt-get install chromium`): Playwright's own browser download is not used.
export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
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
  },
  webServer: {
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
    },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
