import { createSDK, type SDK } from '@sv-sdk/kit';

// One SDK per process: Vite's hot reloads re-run this module, so the instance lives on globalThis
// (two PGlite instances on one data folder corrupt it; two pools leak).
const holder = globalThis as typeof globalThis & { __svSdk?: Promise<SDK> };

export function getSDK(): Promise<SDK> {
  holder.__svSdk ??= createSDK().catch((error: unknown) => {
    holder.__svSdk = undefined;
    throw error;
  });
  return holder.__svSdk;
}
