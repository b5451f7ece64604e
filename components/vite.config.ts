import { svelte } from '@sveltejs/vite-plugin-svelte';
import tailwindcss from '@tailwindcss/vite';
import { playwright } from '@vitest/browser-playwright';
import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/** Chromium of the machine (`apt-get install -y chromium`); Playwright's own download is not available here. */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (process.env.VITEST && !existsSync(executablePath)) {
  throw new Error(`Chromium not found at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
}

export default defineConfig({
  // Tailwind compiles the theme's CSS entries for the stylesheet tests (theme/*.test.ts).
  plugins: [tailwindcss(), svelte()],
  // Pre-bundled up front: discovered mid-run, Vite reloads and two copies of the date classes meet.
  optimizeDeps: { include: ['@internationalized/date', '@zxcvbn-ts/core', '@zxcvbn-ts/language-common'] },
  test: {
    include: ['src/**/*.test.ts'],
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({
        launchOptions: {
          executablePath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
