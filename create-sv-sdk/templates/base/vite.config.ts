import { adapter } from '@sv-sdk/kit/adapter-node';
import { cspDirectives } from '@sv-sdk/kit/security';
import { svSdk } from '@sv-sdk/vite-plugin';
import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    // sv-sdk from sv-sdk.config.ts: the (auth) pages in src/routes, virtual:sv-sdk/server for the hooks, and in
    // `vite dev` the .env files for the SDK (cp .env.example .env).
    svSdk(),
    tailwindcss(),
    sveltekit({
      // adapter-node, with the public origin (ORIGIN) read when `node build` starts rather than fixed at build.
      adapter: adapter(),
      // A Content-Security-Policy with a nonce per response, from sv-sdk's defaults.
      csp: cspDirectives(),
    }),
  ],
});
