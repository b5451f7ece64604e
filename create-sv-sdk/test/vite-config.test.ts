// editViteConfig on real-world configs: the exact text it writes, that a second run changes nothing, and the
// configs it refuses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editViteConfig } from '../src/index.ts';

function edited(source: string): string {
  const result = editViteConfig(source);
  if ('refused' in result) throw new Error(`refused: ${result.refused}`);
  expect(result.changed).toBe(true);
  // Idempotent: the edited file is left alone, byte for byte.
  expect(editViteConfig(result.code)).toEqual({ code: result.code, changed: false });
  return result.code;
}

function refusal(source: string): string {
  const result = editViteConfig(source);
  if (!('refused' in result)) throw new Error(`not refused:\n${result.code}`);
  return result.refused;
}

describe('editViteConfig', () => {
  it("`sv create`'s default config (tabs, one line of plugins)", () => {
    const source = [
      "import { sveltekit } from '@sveltejs/kit/vite';",
      "import { defineConfig } from 'vite';",
      '',
      'export default defineConfig({',
      '\tplugins: [sveltekit()]',
      '});',
      '',
    ].join('\n');
    expect(edited(source)).toBe(
      [
        "import { sveltekit } from '@sveltejs/kit/vite';",
        "import { defineConfig } from 'vite';",
        "import { svSdk } from '@sv-sdk/vite-plugin';",
        '',
        'export default defineConfig({',
        '\tplugins: [svSdk(), sveltekit()]',
        '});',
        '',
      ].join('\n'),
    );
  });

  it('tailwindcss() before sveltekit(), with vitest settings, from vitest/config', () => {
    const source = [
      "import tailwindcss from '@tailwindcss/vite';",
      "import { sveltekit } from '@sveltejs/kit/vite';",
      "import { defineConfig } from 'vitest/config';",
      '',
      'export default defineConfig({',
      '\tplugins: [tailwindcss(), sveltekit()],',
      '\ttest: {',
      "\t\tinclude: ['src/**/*.{test,spec}.{js,ts}']",
      '\t}',
      '});',
      '',
    ].join('\n');
    expect(edited(source)).toBe(
      [
        "import tailwindcss from '@tailwindcss/vite';",
        "import { sveltekit } from '@sveltejs/kit/vite';",
        "import { defineConfig } from 'vitest/config';",
        "import { svSdk } from '@sv-sdk/vite-plugin';",
        '',
        'export default defineConfig({',
        '\tplugins: [svSdk(), tailwindcss(), sveltekit()],',
        '\ttest: {',
        "\t\tinclude: ['src/**/*.{test,spec}.{js,ts}']",
        '\t}',
        '});',
        '',
      ].join('\n'),
    );
  });

  it('a function config returning an object, plugins one per line with a comment, double quotes, no semicolons', () => {
    const source = [
      'import { sveltekit } from "@sveltejs/kit/vite"',
      'import { defineConfig } from "vite"',
      '',
      'export default defineConfig(({ mode }) => ({',
      '  plugins: [',
      '    // the kit',
      '    sveltekit(),',
      '  ],',
      '  define: { __MODE__: JSON.stringify(mode) },',
      '}))',
      '',
    ].join('\n');
    expect(edited(source)).toBe(
      [
        'import { sveltekit } from "@sveltejs/kit/vite"',
        'import { defineConfig } from "vite"',
        'import { svSdk } from "@sv-sdk/vite-plugin"',
        '',
        'export default defineConfig(({ mode }) => ({',
        '  plugins: [',
        '    svSdk(),',
        '    // the kit',
        '    sveltekit(),',
        '  ],',
        '  define: { __MODE__: JSON.stringify(mode) },',
        '}))',
        '',
      ].join('\n'),
    );
  });

  it("the demo's shape: a const config (satisfies UserConfig) passed to defineConfig", () => {
    const demo = readFileSync(join(import.meta.dirname, '../../examples/demo/vite.config.ts'), 'utf8');
    // The demo without sv-sdk: its svSdk import and plugin line removed.
    const before = demo
      .replace("import { svSdk } from '@sv-sdk/vite-plugin';\n", '')
      .replace(/ *\/\/ sv-sdk from sv-sdk\.config\.ts[^\n]*\n *svSdk\(\),\n/, '');
    expect(before).not.toContain('svSdk');
    const after = edited(before);
    // Only two lines differ: the import after the last one, svSdk() first in the plugins.
    expect(after).toBe(
      before
        .replace(
          "import { defineConfig, type UserConfig } from 'vite';\n",
          "import { defineConfig, type UserConfig } from 'vite';\nimport { svSdk } from '@sv-sdk/vite-plugin';\n",
        )
        .replace('  plugins: [\n', '  plugins: [\n    svSdk(),\n'),
    );
    expect(after.split('\n').length).toBe(before.split('\n').length + 2);
  });

  it('leaves a config that already has svSdk() as it is (the demo’s own)', () => {
    const demo = readFileSync(join(import.meta.dirname, '../../examples/demo/vite.config.ts'), 'utf8');
    expect(editViteConfig(demo)).toEqual({ code: demo, changed: false });
    const renamed = [
      "import { svSdk as sdk } from '@sv-sdk/vite-plugin';",
      "import { sveltekit } from '@sveltejs/kit/vite';",
      'export default { plugins: [sveltekit(), sdk()] };',
      '',
    ].join('\n');
    expect(editViteConfig(renamed)).toEqual({ code: renamed, changed: false });
  });

  it('a plain object, a config named by a const, a function with a block body, CRLF line endings', () => {
    expect(
      edited("import { sveltekit } from '@sveltejs/kit/vite';\n\nexport default {\n  plugins: [sveltekit()],\n};\n"),
    ).toBe(
      "import { sveltekit } from '@sveltejs/kit/vite';\nimport { svSdk } from '@sv-sdk/vite-plugin';\n\nexport default {\n  plugins: [svSdk(), sveltekit()],\n};\n",
    );
    expect(
      edited(
        "import { sveltekit } from '@sveltejs/kit/vite';\nimport { defineConfig } from 'vite';\n\nconst config = defineConfig({ plugins: [sveltekit()] });\n\nexport default config;\n",
      ),
    ).toBe(
      "import { sveltekit } from '@sveltejs/kit/vite';\nimport { defineConfig } from 'vite';\nimport { svSdk } from '@sv-sdk/vite-plugin';\n\nconst config = defineConfig({ plugins: [svSdk(), sveltekit()] });\n\nexport default config;\n",
    );
    expect(
      edited(
        "import { sveltekit } from '@sveltejs/kit/vite';\nimport { defineConfig } from 'vite';\n\nexport default defineConfig(async ({ command }) => {\n  const plugins = [sveltekit()];\n  return { plugins, server: { open: command === 'serve' } };\n});\n",
      ),
    ).toBe(
      "import { sveltekit } from '@sveltejs/kit/vite';\nimport { defineConfig } from 'vite';\nimport { svSdk } from '@sv-sdk/vite-plugin';\n\nexport default defineConfig(async ({ command }) => {\n  const plugins = [svSdk(), sveltekit()];\n  return { plugins, server: { open: command === 'serve' } };\n});\n",
    );
    expect(
      edited(
        "import { sveltekit } from '@sveltejs/kit/vite';\r\nimport { defineConfig } from 'vite';\r\n\r\nexport default defineConfig({\r\n\tplugins: [\r\n\t\tsveltekit()\r\n\t]\r\n});\r\n",
      ),
    ).toBe(
      "import { sveltekit } from '@sveltejs/kit/vite';\r\nimport { defineConfig } from 'vite';\r\nimport { svSdk } from '@sv-sdk/vite-plugin';\r\n\r\nexport default defineConfig({\r\n\tplugins: [\r\n\t\tsvSdk(),\r\n\t\tsveltekit()\r\n\t]\r\n});\r\n",
    );
  });

  it('adds only what is missing: the call when svSdk is imported, the import when svSdk() is there', () => {
    expect(
      edited(
        "import { svSdk } from '@sv-sdk/vite-plugin';\nimport { sveltekit } from '@sveltejs/kit/vite';\nexport default { plugins: [sveltekit()] };\n",
      ),
    ).toBe(
      "import { svSdk } from '@sv-sdk/vite-plugin';\nimport { sveltekit } from '@sveltejs/kit/vite';\nexport default { plugins: [svSdk(), sveltekit()] };\n",
    );
  });

  it('refuses, with the reason, what it cannot edit safely', () => {
    const imports =
      "import { sveltekit } from '@sveltejs/kit/vite';\nimport { defineConfig, mergeConfig } from 'vite';\n";
    expect(
      refusal(`${imports}import base from './base';\nexport default mergeConfig(base, { plugins: [sveltekit()] });\n`),
    ).toBe(
      'vite.config.ts: the config is built by mergeConfig(...), which this edit cannot follow: add svSdk() to its plugins by hand',
    );
    expect(refusal(`${imports}export default defineConfig({ plugins: getPlugins() });\n`)).toBe(
      'vite.config.ts: plugins is not an array literal (getPlugins()): add svSdk() to it by hand',
    );
    expect(refusal(`${imports}export default defineConfig({ plugins: [...shared, react()] });\n`)).toMatch(
      /^vite\.config\.ts: no sveltekit\(\) \(from '@sveltejs\/kit\/vite'\) in the plugins array/,
    );
    expect(refusal(`${imports}const base = { root: '.' };\nexport default defineConfig({ ...base });\n`)).toBe(
      'vite.config.ts: the plugins may come from a spread (...) in the config: add svSdk() by hand',
    );
    expect(refusal(`${imports}let config = { plugins: [sveltekit()] };\nexport default config;\n`)).toBe(
      'vite.config.ts: config is declared with let, not const',
    );
    expect(
      refusal(
        `${imports}export default defineConfig(({ mode }) => {\n  if (mode === 'a') return { plugins: [sveltekit()] };\n  return { plugins: [sveltekit()] };\n});\n`,
      ),
    ).toBe('vite.config.ts: the config function has 2 return statements: add svSdk() to the plugins by hand');
    expect(refusal(`${imports}export const config = {};\n`)).toBe(
      'vite.config.ts has no default export (export default defineConfig({ ... }))',
    );
    expect(refusal(`${imports}export default defineConfig({ plugins: [sveltekit() }`)).toMatch(
      /^vite\.config\.ts does not parse \(/,
    );
    expect(refusal(`${imports}const svSdk = 1;\nexport default defineConfig({ plugins: [sveltekit()] });\n`)).toBe(
      "vite.config.ts already uses the name svSdk for something else than '@sv-sdk/vite-plugin'",
    );
  });
});
