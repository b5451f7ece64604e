import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** Looked for, in this order, in the app's root (the working directory of `sv-sdk`). */
export const CONFIG_FILE_NAMES = ['sv-sdk.config.ts', 'sv-sdk.config.js', 'sv-sdk.config.mjs'] as const;

export const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

/**
 * The app's SDK configuration file in `cwd` (the first of `CONFIG_FILE_NAMES`), or undefined. Imports nothing but
 * node:fs, so the Vite plugin can find the file without loading the config machinery.
 */
export function findSDKConfigFile(cwd: string): string | undefined {
  return CONFIG_FILE_NAMES.map((name) => resolve(cwd, name)).find(isFile);
}
