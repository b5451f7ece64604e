/// <reference types="@sv-sdk/vite-plugin/virtual" />
import type { SvSdkLocals } from '@sv-sdk/kit/sveltekit';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    // locals.user, locals.session, locals.sdk… set by sv-sdk's handle (src/hooks.server.ts).
    interface Locals extends SvSdkLocals {}
    interface Error {
      /** sv-sdk's stable error code (NOT_FOUND, AUTH_UNAUTHENTICATED…). */
      code?: string;
      requestId?: string;
    }
  }
}

export {};
