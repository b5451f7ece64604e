import type { SDK } from '@sv-sdk/kit';

declare global {
  namespace App {
    interface Locals {
      sdk: SDK;
      requestId: string;
    }
    interface Error {
      code?: string;
      requestId?: string;
    }
  }
}

export {};
