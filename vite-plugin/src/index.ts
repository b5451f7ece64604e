// The virtual module's types reach every app that imports the plugin (Kit's tsconfig includes vite.config.ts).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient module: no import form exists
/// <reference path="../virtual.d.ts" />
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { findSDKConfigFile } from '@sv-sdk/kit/config-file-path';
import { findRouteConflicts, syncRouteFiles, type GeneratedFile } from '@sv-sdk/kit/routes';
import type { Plugin } from 'vite';
import { hooksProblem, VIRTUAL_SERVER } from './hooks-check.ts';
import { kitRoutesDir } from './kit-options.ts';
import { parseOptions, type SvSdkOptions } from './options.ts';
import { readRouteCache, routeCacheKey, writeRouteCache } from './route-cache.ts';
import { missingServerDependencies } from './server-dependencies.ts';

export type { SvSdkOptions } from './options.ts';
export { hooksProblem, VIRTUAL_SERVER } from './hooks-check.ts';
export { missingServerDependencies, SERVER_DEPENDENCIES } from './server-dependencies.ts';

const RESOLVED_VIRTUAL_SERVER = `\0${VIRTUAL_SERVER}`;
/** Packages whose modules the generated routes import: Vite must compile them (Svelte files, TypeScript source). */
const SDK_PACKAGES = ['@sv-sdk/kit', '@sv-sdk/components'];

const say = (message: string) => console.info(`[sv-sdk] ${message}`);
const warn = (message: string) => console.warn(`[sv-sdk] ${message}`);

/**
 * sv-sdk in a SvelteKit app, from its `sv-sdk.config.ts` (the file the server and the `sv-sdk` CLI load too):
 * - writes the route files the SDK plugins contribute (`src/routes/(auth)/…`), each marked with a content hash:
 *   rewritten only when the SDK's version changes, never over a file edited by hand (ejected) or over a route the
 *   app already has at the same URL (the build stops and names both);
 * - serves `virtual:sv-sdk/server` (`sdk`, `handle`, `handleError`), server-only: a client import fails the build;
 * - in `vite dev`, puts the app's `.env` files into `process.env` for the SDK (what is already set wins);
 * - warns when `src/hooks.server.*` does not run the SDK's handle, with the lines to add, and at build time when
 *   the app does not list the kit's file-loading packages (`SERVER_DEPENDENCIES`) as its own dependencies.
 * Put it anywhere in `plugins` (it orders itself before SvelteKit, which scans routes while configuring).
 * @example
 * // vite.config.ts
 * export default defineConfig({ plugins: [svSdk(), sveltekit()] });
 * // src/hooks.server.ts
 * export { handle, handleError } from 'virtual:sv-sdk/server';
 */
export function svSdk(input?: SvSdkOptions): Plugin {
  const options = parseOptions(input);
  const routeOptions = { groups: options.groups, exclude: options.exclude };
  let configPath: string | undefined;
  let routesDir = '';
  let generated: GeneratedFile[] = [];
  /** Set when a dev start used the cached route files: checks them against the config once the server listens. */
  let recheck: (() => Promise<void>) | undefined;

  /** Loads sv-sdk.config.ts (and with it the kit's plugins) and computes the route files from its plugins. */
  async function computeRouteFiles(root: string): Promise<GeneratedFile[]> {
    const [{ loadSDKConfig }, { CORE_ROUTES, routeFilesFor }] = await Promise.all([
      import('@sv-sdk/kit/config-file'),
      import('@sv-sdk/kit/routes'),
    ]);
    const loaded = await loadSDKConfig({ cwd: root, configPath: options.config });
    configPath = loaded.path;
    return routeFilesFor([CORE_ROUTES, ...(loaded.config.plugins ?? [])], routeOptions);
  }

  function sync(root: string, write: boolean): void {
    const report = syncRouteFiles(routesDir, generated, { check: !write });
    const shown = (path: string) => relative(root, join(routesDir, path));
    for (const entry of report.entries) {
      if (entry.action === 'ejected') warn(`${shown(entry.path)} was edited by hand: left as is (ejected)`);
      else if (entry.action === 'user-file') warn(`${shown(entry.path)} is the app's own file: left as is`);
      else if (entry.action !== 'unchanged')
        say(`${write ? entry.action : `would be ${entry.action}`} ${shown(entry.path)}`);
    }
    if (!write && report.stale) warn('route files are stale: run `sv-sdk sync` (or let svSdk() write them)');
  }

  return {
    name: 'sv-sdk',
    enforce: 'pre',
    config: {
      // Before SvelteKit's own `order: 'pre'` config handler, which scans the routes during a build: files written
      // any later would be missing from the first build (verified on Kit 2 and 3).
      order: 'pre',
      async handler(config, env) {
        const root = resolve(config.root ?? process.cwd());
        if (env.command === 'serve') {
          // The SDK reads process.env; in `vite dev` the app's .env files apply to it as they do to the sv-sdk CLI.
          // Variables already set win; a production server gets its environment from its host.
          const { loadEnv } = await import('vite');
          const envDir = typeof config.envDir === 'string' ? resolve(root, config.envDir) : root;
          for (const [name, value] of Object.entries(loadEnv(env.mode, envDir, ''))) process.env[name] ??= value;
        }
        routesDir = (await kitRoutesDir(config.plugins, root)) ?? join(root, 'src/routes');
        configPath = options.config ? resolve(root, options.config) : findSDKConfigFile(root);
        const write = options.write ?? process.env.SV_SDK_NO_WRITE !== '1';
        const key = routeCacheKey(root, configPath, routeOptions);
        // A dev start reuses the files of the last start when nothing they depend on changed; builds always compute.
        const cached =
          env.command === 'serve' && configPath && existsSync(configPath) ? readRouteCache(root, key) : undefined;
        if (cached) {
          generated = cached;
          sync(root, write);
          recheck = async () => {
            const fresh = await computeRouteFiles(root);
            writeRouteCache(root, key, fresh);
            if (JSON.stringify(fresh) === JSON.stringify(generated)) return;
            generated = fresh;
            sync(root, write);
          };
        } else if (env.command === 'serve' && process.env.SV_SDK_BLOCKING_SYNC !== '1') {
          // A dev start after the config changed: loading it (and the kit's plugins) takes about a second, so it
          // happens once the server listens; the files then written are picked up by SvelteKit's watcher (the files
          // already on disk serve meanwhile).
          recheck = async () => {
            generated = await computeRouteFiles(root);
            writeRouteCache(root, key, generated);
            sync(root, write);
          };
        } else {
          generated = await computeRouteFiles(root);
          writeRouteCache(root, key, generated);
          sync(root, write);
        }
        if (options.checkHooks !== false) {
          const problem = hooksProblem(dirname(routesDir), root);
          if (problem) warn(problem);
        }
        if (env.command === 'build') {
          const missing = missingServerDependencies(root);
          if (missing.length > 0)
            warn(
              `the server build bundles ${missing.join(', ')}, which load their own files at run time: make them ` +
                `the app's own dependencies (pnpm add ${missing.join(' ')})`,
            );
        }
        // One SvelteKit and one Svelte: linked or hoisted sv-sdk packages resolve the app's copies, not their own.
        return { ssr: { noExternal: SDK_PACKAGES }, resolve: { dedupe: ['@sveltejs/kit', 'svelte'] } };
      },
    },
    configureServer(server) {
      const check = recheck;
      recheck = undefined;
      if (check) {
        // Off the start's critical path: once the server listens, the config is loaded and the files synced.
        server.httpServer?.once('listening', () => {
          setTimeout(() => {
            check().catch((error: unknown) => warn(`checking the route files failed: ${String(error)}`));
          }, 200);
        });
      }
      // A route the app adds while dev runs at a URL the SDK serves: SvelteKit answers every request with a 500 from
      // then on; say why at once instead of at the next restart.
      server.watcher.on('add', (file) => {
        if (!routesDir || !file.startsWith(routesDir) || !/[/\\]\+(?:page|server)[.@]/.test(file)) return;
        for (const conflict of findRouteConflicts(routesDir, generated)) {
          warn(
            `route conflict: ${conflict.userFile} and the SDK's ${conflict.generatedFile} both answer ${conflict.urlPath}. ` +
              `Remove or rename yours, or leave the SDK's out: svSdk({ exclude: ['<group>/<path>'] })`,
          );
        }
      });
    },
    resolveId(id, importer, resolveOptions) {
      if (id !== VIRTUAL_SERVER) return undefined;
      const client = this.environment ? this.environment.config.consumer === 'client' : !resolveOptions?.ssr;
      if (client) {
        this.error(
          `"${VIRTUAL_SERVER}" is server-only and cannot be imported from client code` +
            `${importer ? ` (imported by ${importer})` : ''}. Import it only from src/hooks.server.ts or *.server.ts files.`,
        );
      }
      return RESOLVED_VIRTUAL_SERVER;
    },
    load(id) {
      if (id !== RESOLVED_VIRTUAL_SERVER) return undefined;
      return virtualServerModule(configPath);
    },
  };
}

/** The module behind `virtual:sv-sdk/server`: the app's SDK from its config file, and the hooks built on it. */
export function virtualServerModule(configPath: string | undefined): string {
  const config =
    configPath && existsSync(configPath) ? `import config from ${JSON.stringify(configPath)};` : 'const config = {};';
  return [
    config,
    "import { appSDK, svSdkHandle, svSdkHandleError } from '@sv-sdk/kit/sveltekit';",
    '// Started with the server, so a bad configuration fails at start-up; a failed start is retried per request.',
    'export const sdk = appSDK(config);',
    'sdk.catch(() => undefined);',
    'export const handle = svSdkHandle({ sdk: () => appSDK(config) });',
    'export const handleError = svSdkHandleError({ sdk: () => appSDK(config) });',
    '',
  ].join('\n');
}
