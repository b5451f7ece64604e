// The demo's one SDK configuration: the app's server (virtual:sv-sdk/server, through svSdk()) and the `sv-sdk` CLI
// (`pnpm db:migrate`, `pnpm db:seed`, `sv-sdk worker`) both load it, so the CLI migrates and seeds what the app runs.
// Keep it plain: no `$app/*` or `$lib` imports (the CLI loads it outside Vite).
import { defineConfig, defineServerPlugin } from '@sv-sdk/kit';
import { authPlugin } from '@sv-sdk/kit/auth';
import { permissionsPlugin } from '@sv-sdk/kit/permissions';
import { securityPlugin } from '@sv-sdk/kit/security';

/**
 * The app's own server plugin: a listener on an SDK event. `delivery: 'queued'` hands each event to the job queue
 * (in the database, or BullMQ with REDIS_URL), so a welcome survives a restart and is retried when it fails; the
 * stable `id` names the listener in the queue. Logs carry ids, never emails.
 */
const welcomePlugin = defineServerPlugin({
  name: 'demo.welcome',
  dependsOn: ['auth'],
  setup(ctx) {
    ctx.events.on(
      'user.created',
      (event) => ctx.logger.info({ userId: event.userId }, 'welcome: a new account (send the welcome mail here)'),
      { delivery: 'queued', id: 'demo.welcome' },
    );
  },
});

export default defineConfig({
  plugins: [securityPlugin(), authPlugin(), permissionsPlugin(), welcomePlugin],
});
