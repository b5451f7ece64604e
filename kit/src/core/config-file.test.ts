import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSDKConfig } from './config-file.ts';
import { defineConfig } from './define-config.ts';
import { isSDKError } from './errors.ts';

const dirs: string[] = [];
function appDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sv-sdk-config-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function loadError(options: Parameters<typeof loadSDKConfig>[0]) {
  const error = await loadSDKConfig(options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isSDKError(error, 'CONFIG_INVALID')) throw new Error(`expected CONFIG_INVALID, got ${String(error)}`);
  return error;
}

const PLUGIN = `{ name: 'app', setup() {} }`;

describe('sv-sdk.config.ts', () => {
  it('defineConfig returns its argument (typing only)', () => {
    const config = { plugins: [], config: { LOG_LEVEL: 'warn' as const } };
    expect(defineConfig(config)).toBe(config);
  });

  it('is found in cwd (.ts before .js and .mjs) and its plugins come back as the very objects', async () => {
    const cwd = appDir({
      'sv-sdk.config.ts': `const plugin: { name: string; setup(): void } = ${PLUGIN};\nexport const same = plugin;\nexport default { plugins: [plugin], config: { LOG_LEVEL: 'warn' } };\n`,
      'sv-sdk.config.mjs': `export default { plugins: [] };\n`,
    });
    const loaded = await loadSDKConfig({ cwd });
    expect(loaded.path).toBe(join(cwd, 'sv-sdk.config.ts'));
    expect(loaded.config.plugins?.map((plugin) => plugin.name)).toEqual(['app']);
    expect(loaded.config.config).toEqual({ LOG_LEVEL: 'warn' });

    const mjs = appDir({ 'sv-sdk.config.mjs': `export default { plugins: [${PLUGIN}] };\n` });
    expect((await loadSDKConfig({ cwd: mjs })).path).toBe(join(mjs, 'sv-sdk.config.mjs'));
  });

  it('no file at all is no error: nothing but the foundation', async () => {
    expect(await loadSDKConfig({ cwd: appDir({}) })).toEqual({ path: undefined, config: {} });
  });

  it('--config is relative to cwd and must exist', async () => {
    const cwd = appDir({ 'other.config.mjs': `export default { plugins: [${PLUGIN}] };\n` });
    expect((await loadSDKConfig({ cwd, configPath: 'other.config.mjs' })).path).toBe(join(cwd, 'other.config.mjs'));
    const missing = await loadError({ cwd, configPath: 'nope.config.ts' });
    expect(missing.message).toBe(`[sv-sdk] Config file not found: ${join(cwd, 'nope.config.ts')}`);
    expect(missing.details).toEqual({ file: join(cwd, 'nope.config.ts') });
  });

  it('a file that exports something else is CONFIG_INVALID naming the file and each problem', async () => {
    const cwd = appDir({
      'sv-sdk.config.ts': `export default { plugin: [], plugins: [42, { name: 'x' }], config: 'LOG_LEVEL=warn' };\n`,
      'none.config.mjs': `export const plugins = [];\n`,
      'array.config.mjs': `export default [];\n`,
    });
    const error = await loadError({ cwd });
    expect(error.message.split('\n')).toEqual([
      '[sv-sdk] sv-sdk.config.ts is not a valid sv-sdk config:',
      '  - plugins.0: expected a plugin such as authPlugin(): an object with a `name` and a `setup` function',
      '  - plugins.1.setup: expected setup to be a function',
      '  - config: expected an object of configuration values',
      '  - (default export): Unrecognized key: "plugin"',
    ]);
    expect((await loadError({ cwd, configPath: 'none.config.mjs' })).message).toBe(
      '[sv-sdk] none.config.mjs has no default export: end it with `export default defineConfig({ plugins: [...] })`',
    );
    expect((await loadError({ cwd, configPath: 'array.config.mjs' })).message).toContain(
      '(default export): expected an object: export default defineConfig({ plugins: [...] })',
    );
  });

  it('a file that throws while loading is CONFIG_INVALID with its message, the error as the cause', async () => {
    const cwd = appDir({ 'sv-sdk.config.ts': `throw new Error('no PAYMENT_KEY in the environment');\n` });
    const error = await loadError({ cwd });
    expect(error.message).toBe('[sv-sdk] sv-sdk.config.ts could not be loaded: no PAYMENT_KEY in the environment');
    expect((error.cause as Error).message).toBe('no PAYMENT_KEY in the environment');
  });
});
