import type { CreateSDKOptions } from './sdk.ts';

/**
 * The app's SDK configuration, the default export of `sv-sdk.config.ts` in the app's root: its plugins and the
 * configuration values that win over the environment. The app's server (`createSDK(config)`), the `sv-sdk` CLI and
 * the Vite plugin all load this one module, so the CLI migrates, seeds and works jobs with exactly what the app runs.
 */
export type SDKConfig = Pick<CreateSDKOptions, 'plugins' | 'config' | 'healthTimeoutMs'>;

/**
 * Types the default export of `sv-sdk.config.ts` (an identity function). Keep the file importable without
 * SvelteKit: no `$app/*` or `$lib` imports, since the CLI loads it outside Vite.
 * @example
 * // sv-sdk.config.ts
 * import { defineConfig } from '@sv-sdk/kit';
 * import { authPlugin } from '@sv-sdk/kit/auth';
 * import { securityPlugin } from '@sv-sdk/kit/security';
 * export default defineConfig({ plugins: [securityPlugin(), authPlugin()] });
 */
export function defineConfig<T extends SDKConfig>(config: T): T {
  return config;
}
