import { adapter } from '@sv-sdk/kit/adapter-node';
import { cspDirectives } from '@sv-sdk/kit/security';
import { svSdk } from '@sv-sdk/vite-plugin';
import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig, loadEnv } from 'vite';

export default defineConfig(({ command, mode }) => {
  // `vite dev`: the SDK reads process.env, so `.env` (cp .env.example .env) applies to the dev server as it does to
  // the `sv-sdk` CLI. Variables already set in the environment win; a production server gets its own from its host.
  if (command === 'serve') {
    for (const [name, value] of Object.entries(loadEnv(mode, process.cwd(), ''))) process.env[name] ??= value;
  }
  return {
    plugins: [
      // sv-sdk from sv-sdk.config.ts: the (auth) pages in src/routes, virtual:sv-sdk/server for the hooks.
      svSdk(),
      tailwindcss(),
      sveltekit({
        // adapter-node, with the public origin (ORIGIN) read when `node build` starts rather than fixed at build.
        adapter: adapter(),
        // A Content-Security-Policy with a nonce per response, from sv-sdk's defaults.
        csp: cspDirectives(),
      }),
    ],
  };
});
