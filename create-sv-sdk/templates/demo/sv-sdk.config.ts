// The app's one sv-sdk configuration: the server (virtual:sv-sdk/server, through svSdk() in vite.config.ts) and the
// `sv-sdk` CLI (`npx sv-sdk db migrate`, `db seed`, `worker`) both load it, so the CLI works with what the app runs.
// Keep it plain: no `$app/*` or `$lib` imports (the CLI loads it outside Vite).
import { defineConfig, defineServerPlugin } from '@sv-sdk/kit';
import { authPlugin } from '@sv-sdk/kit/auth';
import { permissionsPlugin } from '@sv-sdk/kit/permissions';
import { securityPlugin } from '@sv-sdk/kit/security';

/**
 * The app's own server plugin: it listens to an SDK event. `user.created` is emitted once per new account (never for
 * a sign-up with an email that already has one); replace the log line with a welcome mail or a CRM call. For slow
 * work pass `{ delivery: 'queued', id: 'app.welcome' }`: the listener then runs from the job queue, with retries.
 */
export const welcomePlugin = defineServerPlugin({
  name: 'app.welcome',
  setup({ events, logger }) {
    events.on('user.created', ({ userId, name }) => {
      logger.info({ userId }, `welcome, ${name}`);
    });
  },
});

export default defineConfig({
  plugins: [securityPlugin(), authPlugin(), permissionsPlugin(), welcomePlugin],
});
