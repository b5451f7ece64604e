import { createSDK } from '../core/sdk.ts';
import type { SDK } from '../core/sdk.ts';
import type { SDKConfig } from '../core/define-config.ts';

const holder = globalThis as typeof globalThis & { __svSdkApp?: Promise<SDK>; __svSdkShutdownHook?: true };

/**
 * The app's one SDK per process, built from its `sv-sdk.config.ts` (what `virtual:sv-sdk/server` exports). Vite's
 * hot reloads re-run modules, so the instance lives on `globalThis` (two PGlite instances on one data folder corrupt
 * it; two pools leak). A start that fails is forgotten, so the next request tries again. adapter-node's
 * `sveltekit:shutdown` (after SIGTERM/SIGINT, once the HTTP server stopped) drains jobs and closes pools.
 * In development the links a user would be mailed (verify, reset, magic link) are printed until a mail plugin runs,
 * the idempotent seeds run (the first start creates the admin and prints its generated password once), and a banner
 * says what the app runs on.
 */
export function appSDK(config: SDKConfig): Promise<SDK> {
  holder.__svSdkApp ??= createSDK(config)
    .then(developmentStart)
    .catch((error: unknown) => {
      holder.__svSdkApp = undefined;
      throw error;
    });
  if (!holder.__svSdkShutdownHook) {
    holder.__svSdkShutdownHook = true;
    process.once('sveltekit:shutdown', (reason: string) => {
      void holder.__svSdkApp?.then((sdk) => sdk.close(`sveltekit:shutdown (${reason})`)).catch(() => undefined);
    });
  }
  return holder.__svSdkApp;
}

/** Development only (the links are credentials): for the events nothing else delivers. */
function printMailLinksInDevelopment(sdk: SDK): void {
  const mailbox = sdk.logger.child({ module: 'dev-mailbox' });
  const events = sdk.events;
  if (events.listenerCount('user.verification_requested') === 0)
    events.on('user.verification_requested', (event) => mailbox.info(`verify ${event.email}: ${event.url}`));
  if (events.listenerCount('user.password_reset_requested') === 0)
    events.on('user.password_reset_requested', (event) => mailbox.info(`reset ${event.email}: ${event.url}`));
  if (events.listenerCount('user.magic_link_requested') === 0)
    events.on('user.magic_link_requested', (event) => mailbox.info(`sign in ${event.email}: ${event.url}`));
}

/** Development only: the seeds (first admin) and a banner naming the engines, so `pnpm dev` is ready to sign in. */
async function developmentStart(sdk: SDK): Promise<SDK> {
  if (sdk.config.NODE_ENV !== 'development') return sdk;
  const mail =
    sdk.events.listenerCount('user.verification_requested') > 0 ? 'a mail plugin' : 'the console (dev mailbox)';
  printMailLinksInDevelopment(sdk);
  try {
    await sdk.seed();
  } catch (error) {
    sdk.logger.warn({ err: error }, 'development seed failed: run `sv-sdk db seed` to see why');
  }
  const database =
    sdk.config.database === 'pglite' ? `PGlite (${sdk.config.SV_SDK_DATA_DIR})` : 'PostgreSQL (DATABASE_URL)';
  process.stdout.write(
    `[sv-sdk] development · database: ${database} · cache: ${sdk.cache.kind} · jobs: ${sdk.jobs.kind} · mail: ${mail}\n`,
  );
  return sdk;
}
