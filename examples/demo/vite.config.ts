import { adapter } from '@sv-sdk/kit/adapter-node';
import { cspDirectives } from '@sv-sdk/kit/security';
import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { join } from 'node:path';
import { defineConfig } from 'vite';

// Bundle analysis (off by default): `DEMO_ANALYZE_DIR=<dir> vite build` writes the build with source maps to <dir>
// instead of .svelte-kit/ and build/, so measuring never touches the build the e2e tests serve.
// See e2e/scripts/login-js-by-module.ts.
const analyzeDir = process.env.DEMO_ANALYZE_DIR;

export default defineConfig({
  plugins: [
    tailwindcss(),
    sveltekit({
      // adapter-node, with the public origin (ORIGIN) read when `node build` starts rather than fixed at build time.
      adapter: adapter(analyzeDir ? { out: join(analyzeDir, 'build') } : {}),
      // CSP with a nonce per response (hashes for prerendered pages), from sv-sdk's defaults.
      csp: cspDirectives(),
      ...(analyzeDir ? { outDir: join(analyzeDir, '.svelte-kit') } : {}),
    }),
  ],
  build: analyzeDir ? { sourcemap: true } : {},
});
