import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hooksProblem, VIRTUAL_SERVER } from './hooks-check.ts';
import { virtualServerModule } from './index.ts';
import { readRouteCache, routeCacheKey, writeRouteCache } from './route-cache.ts';
import { kitRoutesDir } from './kit-options.ts';
import { parseOptions } from './options.ts';
import { missingServerDependencies } from './server-dependencies.ts';

const temp = mkdtempSync(join(tmpdir(), 'sv-sdk-vite-plugin-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('svSdk() options', () => {
  it('accepts the documented options and names every bad one', () => {
    expect(parseOptions({ groups: { health: false, admin: false }, exclude: ['auth/profile'] })).toEqual({
      groups: { health: false, admin: false },
      exclude: ['auth/profile'],
    });
    expect(parseOptions(undefined)).toEqual({});
    expect(() => parseOptions({ groups: { auth: { base: 'account' } } })).toThrow(
      /groups\.auth: false \(a group is on unless you leave it out\)/,
    );
    expect(() => parseOptions({ groups: { Auth: false } })).toThrow(/groups\.Auth/);
    expect(() => parseOptions({ write: 'yes' })).toThrow(/write: /);
    expect(() => parseOptions({ rotues: {} })).toThrow(/rotues|Unrecognized key/);
  });
});

describe("SvelteKit's routes folder", () => {
  const kitPlugin = (options: unknown) => ({ name: 'vite-plugin-sveltekit-setup', api: { options } });

  it('is read from Kit 3 (relative files.routes) and Kit 2 (absolute kit.files.routes), through nesting and promises', async () => {
    const kit3 = Promise.resolve([{ name: 'other' }, kitPlugin({ files: { routes: 'src/pages' } })]);
    expect(await kitRoutesDir([[false, kit3]], '/app')).toBe('/app/src/pages');
    expect(await kitRoutesDir([kitPlugin({ kit: { files: { routes: '/abs/routes' } } })], '/app')).toBe('/abs/routes');
    expect(await kitRoutesDir([{ name: 'vite:other' }], '/app')).toBeUndefined();
  });
});

describe('the hooks check', () => {
  it('asks for a hooks file, or for the SDK handle in an existing one, with the lines to add', () => {
    const src = join(temp, 'hooks-app', 'src');
    mkdirSync(src, { recursive: true });
    expect(hooksProblem(src, join(temp, 'hooks-app'))).toContain(
      `export { handle, handleError } from '${VIRTUAL_SERVER}';`,
    );
    writeFileSync(join(src, 'hooks.server.ts'), 'export const handle = ({ event, resolve }) => resolve(event);\n');
    const problem = hooksProblem(src, join(temp, 'hooks-app'));
    expect(problem).toContain('sequence(svSdkHandle, yourHandle)');
    writeFileSync(
      join(src, 'hooks.server.ts'),
      `import { handle as sdk } from '${VIRTUAL_SERVER}';\nexport const handle = sdk;\n`,
    );
    expect(hooksProblem(src, join(temp, 'hooks-app'))).toBeUndefined();
  });
});

describe('virtual:sv-sdk/server', () => {
  it('builds the SDK from the config file, or from nothing when there is none', () => {
    const path = join(temp, 'sv-sdk.config.ts');
    writeFileSync(path, 'export default {};\n');
    const module = virtualServerModule(path);
    expect(module).toContain(`import config from ${JSON.stringify(path)};`);
    expect(module).toMatch(/export const handle = svSdkHandle\(/);
    expect(module).toMatch(/export const handleError = svSdkHandleError\(/);
    expect(virtualServerModule(undefined)).toContain('const config = {};');
  });
});

describe('the server dependencies check', () => {
  it('names the file-loading packages the app does not list as its own dependencies', () => {
    const root = join(temp, 'deps-app');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ dependencies: { 'better-auth': '1', bullmq: '6' } }));
    expect(missingServerDependencies(root)).toEqual(['@electric-sql/pglite', '@node-rs/argon2']);
    writeFileSync(join(root, 'package.json'), JSON.stringify({ devDependencies: { 'better-auth': '1' } }));
    expect(missingServerDependencies(root)).toHaveLength(4);
  });
});

describe('the route cache of dev starts', () => {
  it('reuses the files only for the same config bytes, options and kit version', () => {
    const root = join(temp, 'cache-app');
    mkdirSync(join(root, 'node_modules'), { recursive: true });
    const config = join(root, 'sv-sdk.config.ts');
    writeFileSync(config, 'export default {};\n');
    const key = routeCacheKey(root, config, { exclude: [] });
    const files = [{ path: '(auth)/login/+page.svelte', content: '<p>x</p>\n' }];
    expect(readRouteCache(root, key)).toBeUndefined();
    writeRouteCache(root, key, files);
    expect(readRouteCache(root, key)).toEqual(files);
    expect(routeCacheKey(root, config, { exclude: ['auth/profile'] })).not.toBe(key);
    writeFileSync(config, 'export default { plugins: [] };\n');
    expect(routeCacheKey(root, config, { exclude: [] })).not.toBe(key);
    // No node_modules: nothing cached.
    const bare = join(temp, 'bare-app');
    mkdirSync(bare, { recursive: true });
    writeRouteCache(bare, key, files);
    expect(readRouteCache(bare, key)).toBeUndefined();
  });
});

describe('vite dev and the .env files', () => {
  it("puts the app's .env into process.env for the SDK; what is already set wins; a build reads none", async () => {
    const root = join(temp, 'env-app');
    mkdirSync(join(root, 'src', 'routes'), { recursive: true });
    writeFileSync(join(root, 'sv-sdk.config.ts'), 'export default {};\n');
    writeFileSync(join(root, 'src', 'hooks.server.ts'), `export { handle } from '${VIRTUAL_SERVER}';\n`);
    writeFileSync(join(root, '.env'), 'SV_SDK_PROBE_FROM_ENV=from-dotenv\nSV_SDK_PROBE_SET=from-dotenv\n');
    process.env.SV_SDK_PROBE_SET = 'from-the-environment';
    const { svSdk } = await import('./index.ts');
    type Handler = (config: object, env: { command: string; mode: string }) => Promise<unknown>;
    const configHook = svSdk().config as unknown as { handler: Handler };
    try {
      await configHook.handler({ root, plugins: [] }, { command: 'build', mode: 'production' });
      expect(process.env.SV_SDK_PROBE_FROM_ENV).toBeUndefined();
      await configHook.handler({ root, plugins: [] }, { command: 'serve', mode: 'development' });
      expect(process.env.SV_SDK_PROBE_FROM_ENV).toBe('from-dotenv');
      expect(process.env.SV_SDK_PROBE_SET).toBe('from-the-environment');
    } finally {
      delete process.env.SV_SDK_PROBE_FROM_ENV;
      delete process.env.SV_SDK_PROBE_SET;
    }
  });
});
