import { createSDK, type SDK } from '@sv-sdk/kit';
// The app's one SDK configuration, which the `sv-sdk` CLI (migrate, seed, worker) loads too.
import sdkConfig from '../../../sv-sdk.config.ts';

// One SDK per process: Vite's hot reloads re-run this module, so the instance lives on globalThis
// (two PGlite instances on one data folder corrupt it; two pools leak).
const holder = globalThis as typeof globalThis & { __svSdk?: Promise<SDK>; __svSdkShutdownHook?: true };

export function getSDK(): Promise<SDK> {
  holder.__svSdk ??= createSDK(sdkConfig)
    .then(printMailLinksInDevelopment)
    .catch((error: unknown) => {
      holder.__svSdk = undefined;
      throw error;
    });
  if (!holder.__svSdkShutdownHook) {
    holder.__svSdkShutdownHook = true;
    // adapter-node emits this after SIGTERM/SIGINT once the HTTP server has stopped: drain jobs and close pools,
    // or the open connections keep the process alive.
    process.once('sveltekit:shutdown', (reason: string) => {
      void holder.__svSdk?.then((sdk) => sdk.close(`sveltekit:shutdown (${reason})`)).catch(() => undefined);
    });
  }
  return holder.__svSdk;
}

/**
 * Until the email domain delivers mail, development prints the links a user would receive (verify, reset, magic
 * link) to the console, so the flows can be followed locally. Never in production: the links are credentials.
 */
function printMailLinksInDevelopment(sdk: SDK): SDK {
  if (sdk.config.NODE_ENV !== 'development') return sdk;
  const mailbox = sdk.logger.child({ module: 'dev-mailbox' });
  sdk.events.on('user.verification_requested', (event) => mailbox.info(`verify ${event.email}: ${event.url}`));
  sdk.events.on('user.password_reset_requested', (event) => mailbox.info(`reset ${event.email}: ${event.url}`));
  sdk.events.on('user.magic_link_requested', (event) => mailbox.info(`sign in ${event.email}: ${event.url}`));
  return sdk;
}
