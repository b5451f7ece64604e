import { adapter } from '@sv-sdk/kit/adapter-node';
import { cspDirectives } from '@sv-sdk/kit/security';
import { svSdk } from '@sv-sdk/vite-plugin';
import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { join } from 'node:path';
import { defineConfig, type UserConfig } from 'vite';

// Bundle analysis (off by default): `DEMO_ANALYZE_DIR=<dir> vite build` writes the build with source maps to <dir>
// instead of .svelte-kit/ and build/, so measuring never touches the build the e2e tests serve.
// See e2e/scripts/login-js-by-module.ts.
const analyzeDir = process.env.DEMO_ANALYZE_DIR;

const config = {
  plugins: [
    // sv-sdk from sv-sdk.config.ts: the (auth) pages in src/routes, virtual:sv-sdk/server for the hooks.
    svSdk(),
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
} satisfies UserConfig;

// The plugin also reads the demo's .env for the SDK in `vite dev` (cp .env.example .env), as the CLI does.
export default defineConfig(config);
