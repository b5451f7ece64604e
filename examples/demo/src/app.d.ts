import type { SvSdkLocals } from '@sv-sdk/kit/sveltekit';

declare global {
  namespace App {
    interface Locals extends SvSdkLocals {}
    interface Error {
      code?: string;
      requestId?: string;
    }
  }
}

export {};
