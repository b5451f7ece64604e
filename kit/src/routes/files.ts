import type { RouteContribution, GeneratedFile } from './types.ts';

/** Per route group: turned off, or mounted under a base path (`{ base: 'account' }` → `(auth)/account/login`). */
export type RouteGroupOption = false | { base?: string };

export interface RouteFilesOptions {
  /** Route groups by name (`auth`, `admin`…): `false` leaves a group out, `base` mounts it under a path. */
  groups?: Record<string, RouteGroupOption | undefined>;
  /** Routes left out, as `<group>/<path>` (`auth/profile`): the app serves its own page there. */
  exclude?: readonly string[];
}

/** What `routeFilesFor` reads of a plugin: its name and routes (a `ServerPlugin` fits). */
export interface RouteSource {
  name: string;
  routes?: readonly RouteContribution[];
}

const SEGMENT = /^(?:\([a-z0-9-]+\)|\[{1,2}(?:\.\.\.)?[a-zA-Z_][a-zA-Z0-9_]*\]{1,2}|[a-zA-Z0-9._~-]+)$/;
const MODULE = /^(?:@[a-z0-9-]+\/)?[a-z0-9-]+(?:\/[a-zA-Z0-9._-]+)*$/;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function checkPath(value: string, what: string): string[] {
  const segments = value === '' ? [] : value.replace(/^\/+|\/+$/g, '').split('/');
  for (const segment of segments) {
    if (!SEGMENT.test(segment) || segment === '.' || segment === '..')
      throw new Error(`sv-sdk routes: ${what} '${value}' has an invalid segment '${segment}'`);
  }
  return segments;
}

function checkModule(value: string, route: string): string {
  if (!MODULE.test(value)) throw new Error(`sv-sdk routes: ${route} names an invalid module '${value}'`);
  return value;
}

/**
 * The SDK's own routes, whatever the plugins: `/health` (liveness) and `/ready` (readiness) for load balancers and
 * monitors, in `src/routes/(health)` (`groups: { health: false }` leaves them out). `svSdk()` and `sv-sdk sync`
 * put them before the plugins' routes.
 */
export const CORE_ROUTES: RouteSource = {
  name: 'core',
  routes: [
    {
      group: 'health',
      path: 'health',
      kind: 'endpoint',
      server: { module: '@sv-sdk/kit/endpoints/health', exports: ['GET'] },
    },
    {
      group: 'health',
      path: 'ready',
      kind: 'endpoint',
      server: { module: '@sv-sdk/kit/endpoints/ready', exports: ['GET'] },
    },
  ],
};

/**
 * The route files of every plugin's `routes` (callers put `CORE_ROUTES` first), ready for `syncRouteFiles`: one pure
 * function, no I/O.
 */
export function routeFilesFor(plugins: readonly RouteSource[], options: RouteFilesOptions = {}): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  const seen = new Map<string, string>();
  const excluded = new Set(options.exclude ?? []);
  for (const plugin of plugins) {
    for (const route of plugin.routes ?? []) {
      const name = `${route.group}/${route.path}`.replace(/\/$/, '');
      const group = options.groups?.[route.group];
      if (group === false || excluded.has(name)) continue;
      if (!/^[a-z0-9-]+$/.test(route.group))
        throw new Error(`sv-sdk routes: plugin '${plugin.name}' has an invalid group '${route.group}'`);
      const base = checkPath(group?.base ?? '', `the base of group '${route.group}'`);
      const folder = [`(${route.group})`, ...base, ...checkPath(route.path, `plugin '${plugin.name}' route`)].join('/');
      const owner = seen.get(folder);
      if (owner) throw new Error(`sv-sdk routes: '${folder}' is contributed twice (${owner} and ${plugin.name})`);
      seen.set(folder, plugin.name);
      files.push(...filesOf(route, folder, name));
    }
  }
  return files;
}

function filesOf(route: RouteContribution, folder: string, name: string): GeneratedFile[] {
  const server = route.server;
  if (server) {
    checkModule(server.module, name);
    for (const exported of server.exports) {
      if (!IDENTIFIER.test(exported)) throw new Error(`sv-sdk routes: ${name} exports an invalid name '${exported}'`);
    }
  }
  if (route.kind === 'endpoint') {
    if (!server || server.exports.length === 0) throw new Error(`sv-sdk routes: endpoint ${name} needs server exports`);
    return [{ path: `${folder}/+server.ts`, content: reexport(server.module, server.exports) }];
  }
  const files: GeneratedFile[] = [];
  if (route.component)
    files.push({ path: `${folder}/+page.svelte`, content: pageComponent(checkModule(route.component, name)) });
  if (server && server.exports.length > 0)
    files.push({ path: `${folder}/+page.server.ts`, content: reexport(server.module, server.exports) });
  if (files.length === 0) throw new Error(`sv-sdk routes: page ${name} has neither a component nor server exports`);
  return files;
}

/** A page: the packaged component with the page's props (`data`, `form`); what it needs of the URL comes in `data`. */
function pageComponent(module: string): string {
  return [
    '<script lang="ts">',
    `  import Page from '${module}';`,
    '',
    '  let props = $props();',
    '</script>',
    '',
    '<Page {...props} />',
    '',
  ].join('\n');
}

function reexport(module: string, names: readonly string[]): string {
  return `export { ${[...names].sort().join(', ')} } from '${module}';\n`;
}
