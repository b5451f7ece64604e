// The app's one sv-sdk configuration: the server (virtual:sv-sdk/server, through svSdk() in vite.config.ts) and the
// `sv-sdk` CLI (`npx sv-sdk db migrate`, `db seed`, `worker`) both load it, so the CLI works with what the app runs.
// Keep it plain: no `$app/*` or `$lib` imports (the CLI loads it outside Vite).
import { defineConfig } from '@sv-sdk/kit';
import { authPlugin } from '@sv-sdk/kit/auth';
import { permissionsPlugin } from '@sv-sdk/kit/permissions';
import { securityPlugin } from '@sv-sdk/kit/security';

export default defineConfig({
  plugins: [securityPlugin(), authPlugin(), permissionsPlugin()],
});
