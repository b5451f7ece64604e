// `create-sv-sdk add` on fixture apps (through the command line, in-process): what it changes, that a second run
// changes nothing byte for byte, and that a refusal leaves every file as it was.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_HOOKS, main } from '../src/index.ts';

const scratch = mkdtempSync(join(tmpdir(), 'create-sv-sdk-add-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let appCount = 0;
function makeApp(files: Record<string, string>): string {
  const root = join(scratch, `app-${++appCount}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** Every file of a folder with its bytes. */
function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else files[relative(root, path)] = readFileSync(path, 'latin1');
    }
  };
  visit(root);
  return files;
}

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    cwd: scratch,
    interactive: false,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err };
}

/** What `sv create` (minimal, TypeScript) writes today, plus a handle of the app's own. */
const svCreateApp = {
  'package.json': `${JSON.stringify(
    {
      name: 'existing',
      private: true,
      version: '0.0.1',
      type: 'module',
      scripts: { dev: 'vite dev', build: 'vite build' },
      devDependencies: {
        '@sveltejs/adapter-auto': '^6.0.0',
        '@sveltejs/kit': '^2.22.0',
        '@sveltejs/vite-plugin-svelte': '^6.0.0',
        svelte: '^5.0.0',
        typescript: '^5.0.0',
        vite: '^7.0.4',
      },
    },
    null,
    '\t',
  )}\n`,
  'vite.config.ts':
    "import { sveltekit } from '@sveltejs/kit/vite';\nimport { defineConfig } from 'vite';\n\nexport default defineConfig({\n\tplugins: [sveltekit()]\n});\n",
  'svelte.config.js':
    "import adapter from '@sveltejs/adapter-auto';\n\nexport default { kit: { adapter: adapter() } };\n",
  'tsconfig.json': '{ "extends": "./.svelte-kit/tsconfig.json" }\n',
  '.gitignore': 'node_modules\n/.svelte-kit\n/build\n.env\n',
  'src/app.d.ts': 'declare global {\n\tnamespace App {}\n}\n\nexport {};\n',
  'src/hooks.server.ts':
    "import type { Handle } from '@sveltejs/kit';\n\nexport const handle: Handle = async ({ event, resolve }) => {\n\treturn resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', 'en') });\n};\n",
  'src/routes/+page.svelte': '<h1>Welcome to SvelteKit</h1>\n',
};

describe('create-sv-sdk add', () => {
  it('adds sv-sdk to a `sv create` app, and a second run changes nothing, byte for byte', async () => {
    const root = makeApp(svCreateApp);
    const before = snapshot(root);
    const first = await run('add', '--cwd', root);
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.out.slice(0, 5)).toEqual([
      'updated  package.json',
      'updated  vite.config.ts',
      'updated  src/hooks.server.ts',
      'created  sv-sdk.config.ts',
      'created  .env.example',
    ]);
    const after = snapshot(root);
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), '.env.example', 'sv-sdk.config.ts'].sort());
    expect(after['vite.config.ts']).toBe(
      "import { sveltekit } from '@sveltejs/kit/vite';\nimport { defineConfig } from 'vite';\nimport { svSdk } from '@sv-sdk/vite-plugin';\n\nexport default defineConfig({\n\tplugins: [svSdk(), sveltekit()]\n});\n",
    );
    expect(after['src/hooks.server.ts']).toContain('export const handle = sequence(sdkHandle, appHandle);');
    expect(after['.gitignore']).toBe('node_modules\n/.svelte-kit\n/build\n.env\n.sv-sdk\n');
    const manifest = JSON.parse(after['package.json'] ?? '') as { dependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).toEqual([
      '@electric-sql/pglite',
      '@node-rs/argon2',
      '@sv-sdk/components',
      '@sv-sdk/kit',
      'better-auth',
      'bullmq',
    ]);
    expect(first.out).toContain(
      "note: src/app.d.ts: declare sv-sdk's locals with  import type { SvSdkLocals } from '@sv-sdk/kit/sveltekit';  and  interface Locals extends SvSdkLocals {}  in namespace App",
    );

    expect(first.out).toContain(
      "note: styles: import '@sv-sdk/components/styles.css' (the auth pages' precompiled CSS) in src/routes/+layout.svelte",
    );

    const second = await run('add', '--cwd', root);
    expect(second.code).toBe(0);
    expect(second.out.at(-1)).toBe('sv-sdk is already set up here: nothing to change.');
    expect(snapshot(root)).toEqual(after);
  });

  it('writes the hooks file when there is none (JavaScript app: .js files)', async () => {
    const root = makeApp({
      'package.json': JSON.stringify({ devDependencies: { '@sveltejs/kit': '^2.22.0' } }, null, 2),
      'jsconfig.json': '{}\n',
      'vite.config.js':
        "import { sveltekit } from '@sveltejs/kit/vite';\nexport default {\n  plugins: [\n    sveltekit(),\n  ],\n};\n",
    });
    const first = await run('add', '--cwd', root);
    expect(first.code).toBe(0);
    const files = snapshot(root);
    expect(files['src/hooks.server.js']).toBe(DEFAULT_HOOKS);
    expect(files['sv-sdk.config.js']).toContain('export default defineConfig({');
    expect(files['vite.config.js']).toBe(
      "import { sveltekit } from '@sveltejs/kit/vite';\nimport { svSdk } from '@sv-sdk/vite-plugin';\nexport default {\n  plugins: [\n    svSdk(),\n    sveltekit(),\n  ],\n};\n",
    );
    await run('add', '--cwd', root);
    expect(snapshot(root)).toEqual(files);
  });

  it('refuses a vite config it cannot edit, and writes nothing at all', async () => {
    const root = makeApp({
      ...svCreateApp,
      'vite.config.ts':
        "import { sveltekit } from '@sveltejs/kit/vite';\nimport { mergeConfig } from 'vite';\nimport shared from '../vite.shared';\n\nexport default mergeConfig(shared, { plugins: [sveltekit()] });\n",
    });
    const before = snapshot(root);
    const result = await run('add', '--cwd', root);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      'create-sv-sdk add: vite.config.ts: the config is built by mergeConfig(...), which this edit cannot follow: add svSdk() to its plugins by hand',
      'Nothing was changed.',
    ]);
    expect(snapshot(root)).toEqual(before);
  });

  it('refuses an app that is not SvelteKit, a hooks file it cannot compose, a folder without package.json', async () => {
    const react = makeApp({
      'package.json': JSON.stringify({ dependencies: { react: '^19.0.0' } }),
      'vite.config.ts': 'export default { plugins: [] };\n',
    });
    const reactBefore = snapshot(react);
    const notKit = await run('add', '--cwd', react);
    expect(notKit.code).toBe(1);
    expect(notKit.err[0]).toBe(
      'create-sv-sdk add: not a SvelteKit app: package.json does not list @sveltejs/kit (create one with: npm create sv-sdk)',
    );
    expect(snapshot(react)).toEqual(reactBefore);

    const hooks = makeApp({
      ...svCreateApp,
      'src/hooks.server.ts': "import { handle as mine } from './lib/hooks';\nexport { mine as handle };\n",
    });
    const hooksBefore = snapshot(hooks);
    const refused = await run('add', '--cwd', hooks);
    expect(refused.code).toBe(1);
    expect(refused.err[0]).toMatch(/^create-sv-sdk add: src\/hooks\.server\.ts exports handle through an export list/);
    expect(snapshot(hooks)).toEqual(hooksBefore);

    const empty = makeApp({ 'README.md': 'nothing\n' });
    const none = await run('add', '--cwd', empty);
    expect(none.code).toBe(1);
    expect(none.err[0]).toBe(
      `create-sv-sdk add: no package.json in ${empty}: run it in a SvelteKit app's folder (or pass --cwd)`,
    );
  });
});
