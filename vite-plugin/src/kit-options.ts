import { isAbsolute, resolve } from 'node:path';

type PluginLike = { name?: unknown; api?: unknown } | null | undefined | false;
type PluginList = unknown;

/** Vite's `config.plugins` as the user wrote it: nested arrays and promises (`sveltekit()` returns one). */
async function flatten(plugins: PluginList): Promise<PluginLike[]> {
  const value = await plugins;
  if (!Array.isArray(value)) return [value as PluginLike];
  const out: PluginLike[] = [];
  for (const item of value) out.push(...(await flatten(item)));
  return out;
}

/**
 * The app's routes folder as SvelteKit resolved it (`files.routes`), read from Kit's setup plugin: Kit 2 exposes
 * `api.options.kit.files.routes` (absolute), Kit 3 `api.options.files.routes` (relative to the root). Undefined when
 * Kit is not among the plugins (the caller falls back to src/routes).
 */
export async function kitRoutesDir(plugins: PluginList, root: string): Promise<string | undefined> {
  for (const plugin of await flatten(plugins)) {
    if (!plugin || plugin.name !== 'vite-plugin-sveltekit-setup') continue;
    const options = (plugin.api as { options?: Record<string, unknown> } | undefined)?.options;
    const kit = options?.kit as { files?: { routes?: unknown } } | undefined;
    const files = (kit?.files ?? options?.files) as { routes?: unknown } | undefined;
    if (typeof files?.routes === 'string') return isAbsolute(files.routes) ? files.routes : resolve(root, files.routes);
  }
  return undefined;
}
