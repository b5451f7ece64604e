// The server-only module `svSdk()` serves. Referenced from the plugin's entry, so an app that imports the plugin in
// vite.config.ts (which Kit's tsconfig includes) sees it; `/// <reference types="@sv-sdk/vite-plugin/virtual" />`
// in src/app.d.ts is the fallback.
declare module 'virtual:sv-sdk/server' {
  /** The app's one SDK, built from its sv-sdk.config.ts (started with the server). */
  export const sdk: Promise<import('@sv-sdk/kit').SDK>;
  /** sv-sdk's handle: request id, client IP, origin check, /api/auth, session into locals, security headers. */
  export const handle: ReturnType<typeof import('@sv-sdk/kit/sveltekit').svSdkHandle>;
  /** sv-sdk's handleError: stable codes for 4xx, faults logged without internals. */
  export const handleError: ReturnType<typeof import('@sv-sdk/kit/sveltekit').svSdkHandleError>;
}
