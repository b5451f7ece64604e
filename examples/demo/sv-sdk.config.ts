// The demo's one SDK configuration: the app's server (virtual:sv-sdk/server, through svSdk()) and the `sv-sdk` CLI
// (`pnpm db:migrate`, `pnpm db:seed`, `sv-sdk worker`) both load it, so the CLI migrates and seeds what the app runs.
// Keep it plain: no `$app/*` or `$lib` imports (the CLI loads it outside Vite).
import { defineConfig } from '@sv-sdk/kit';
import { authPlugin } from '@sv-sdk/kit/auth';
import { securityPlugin } from '@sv-sdk/kit/security';

export default defineConfig({
  plugins: [securityPlugin(), authPlugin()],
});
