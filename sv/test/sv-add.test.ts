// The add-on through the real `sv` binary (the version in devDependencies) on a fresh `sv create` app: the files it
// writes are the ones `create-sv-sdk add` writes, a second run changes nothing, db:postgres fills DATABASE_URL, a
// config create-sv-sdk refuses cancels the add-on with that reason and nothing is written, and
// `sv create --add` gives the same app.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { composeHooks, editViteConfig } from 'create-sv-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDON_DIR, changedPaths, copyApp, createSvSdkAdd, read, snapshot, sv, svAdd, writeFiles } from './helpers.ts';

const root = join(ADDON_DIR, '.test-apps', `sv-add-${process.pid}`);
/** A fresh `sv create --template minimal --types ts` app, never edited: every test copies it. */
const base = join(root, 'base');
let fresh: Record<string, string>;
let copies = 0;
const copy = () => copyApp(base, join(root, `copy-${++copies}`, 'base'));

/** What `sv add @sv-sdk` / `create-sv-sdk add` change in a fresh `sv create` app. */
const EDITED = [
  '.env.example',
  '.gitignore',
  'package.json',
  'src/hooks.server.ts',
  'sv-sdk.config.ts',
  'vite.config.ts',
];

beforeAll(() => {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const created = sv(
    ['create', '--template', 'minimal', '--types', 'ts', '--no-add-ons', '--no-install', 'base'],
    root,
  );
  expect(created.code, created.output).toBe(0);
  fresh = snapshot(base);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('sv create (what the add-on meets)', () => {
  it('makes a SvelteKit 2 app on Vite 8 with its config in sveltekit() and no hooks.server.ts', () => {
    const manifest = JSON.parse(fresh['package.json'] ?? '{}') as { devDependencies: Record<string, string> };
    expect(manifest.devDependencies['@sveltejs/kit']).toMatch(/^\^2\./);
    expect(manifest.devDependencies.vite).toMatch(/^\^8\./);
    expect(fresh['vite.config.ts']).toContain('sveltekit({');
    expect(Object.keys(fresh)).not.toContain('svelte.config.js');
    expect(Object.keys(fresh)).not.toContain('src/hooks.server.ts');
  });
});

describe('sv add file:<@sv-sdk/sv>', () => {
  let viaSv: string;

  beforeAll(() => {
    viaSv = copy();
    const added = svAdd(viaSv, 'db:pglite');
    expect(added.code, added.output).toBe(0);
    expect(added.output).toContain('Successfully setup add-ons: @sv-sdk/sv');
  });

  it('writes the same files, byte for byte, as create-sv-sdk add', () => {
    const viaCli = copy();
    const cli = createSvSdkAdd(viaCli);
    expect(cli.code, cli.output).toBe(0);
    const bySv = snapshot(viaSv);
    const byCli = snapshot(viaCli);
    expect(changedPaths(fresh, bySv)).toEqual(EDITED);
    expect(changedPaths(fresh, byCli)).toEqual(EDITED);
    for (const path of EDITED) expect(bySv[path], path).toBe(byCli[path]);
    expect(bySv).toEqual(byCli);
  });

  it('adds svSdk() first in the plugins, the hooks, sv-sdk.config.ts, env entries and the packages', () => {
    expect(read(viaSv, 'vite.config.ts')).toContain("import { svSdk } from '@sv-sdk/vite-plugin';");
    expect(read(viaSv, 'vite.config.ts')).toMatch(/plugins: \[\n\t\tsvSdk\(\),\n\t\tsveltekit\(\{/);
    expect(read(viaSv, 'src/hooks.server.ts')).toContain(
      "export { handle, handleError } from 'virtual:sv-sdk/server';",
    );
    expect(read(viaSv, 'sv-sdk.config.ts')).toContain('authPlugin()');
    expect(read(viaSv, '.env.example')).toMatch(/^DATABASE_URL=$/m);
    const manifest = JSON.parse(read(viaSv, 'package.json')) as Record<string, Record<string, string>>;
    expect(manifest.dependencies).toMatchObject({ '@sv-sdk/kit': '^0.1.0', '@sv-sdk/components': '^0.1.0' });
    expect(manifest.devDependencies).toMatchObject({ '@sv-sdk/vite-plugin': '^0.1.0' });
  });

  it('changes nothing when run again', () => {
    const before = snapshot(viaSv);
    const again = svAdd(viaSv, 'db:pglite');
    expect(again.code, again.output).toBe(0);
    expect(changedPaths(before, snapshot(viaSv))).toEqual([]);
  });

  it('lists the next steps, with create-sv-sdk’s notes (app.d.ts locals)', () => {
    const app = copy();
    const added = svAdd(app, 'db:pglite');
    expect(added.output).toContain('cp .env.example .env');
    expect(added.output).toContain('SvSdkLocals');
  });
});

describe('db:postgres', () => {
  it('writes a PostgreSQL DATABASE_URL; every other file as with pglite', () => {
    const postgres = copy();
    const pglite = copy();
    expect(svAdd(postgres, 'db:postgres').code).toBe(0);
    expect(svAdd(pglite, 'db:pglite').code).toBe(0);
    expect(read(postgres, '.env.example')).toMatch(
      /^DATABASE_URL=postgres:\/\/postgres:postgres@localhost:5432\/base$/m,
    );
    expect(changedPaths(snapshot(pglite), snapshot(postgres))).toEqual(['.env.example']);
    expect(read(postgres, '.env.example').replace(/^DATABASE_URL=.*$/m, 'DATABASE_URL=')).toBe(
      read(pglite, '.env.example'),
    );
  });

  it("keeps a DATABASE_URL the app's .env.example already has", () => {
    const app = copy();
    writeFiles(app, { '.env.example': 'DATABASE_URL="file:local.db"\n' });
    expect(svAdd(app, 'db:postgres').code).toBe(0);
    const env = read(app, '.env.example');
    expect(env.startsWith('DATABASE_URL="file:local.db"\n\n# ── sv-sdk ──\n')).toBe(true);
    expect(env.match(/DATABASE_URL=/g)).toHaveLength(1);
  });
});

describe('refusals', () => {
  it("cancels with create-sv-sdk's reason on a vite config it cannot edit, and writes nothing", () => {
    const app = copy();
    const config =
      "import { sveltekit } from '@sveltejs/kit/vite';\nimport { defineConfig } from 'vite';\n\n" +
      'const plugins = () => [sveltekit()];\n\nexport default defineConfig({\n\tplugins: plugins()\n});\n';
    writeFiles(app, { 'vite.config.ts': config });
    const reason = editViteConfig(config, 'vite.config.ts');
    expect('refused' in reason && reason.refused).toContain('plugins is not an array literal');
    const before = snapshot(app);

    const added = svAdd(app, 'db:pglite');
    expect(added.code).toBe(1);
    expect(added.output).toContain(`Canceled @sv-sdk/sv: ${'refused' in reason ? reason.refused : ''}`);
    expect(changedPaths(before, snapshot(app))).toEqual([]);
    // create-sv-sdk refuses the same app.
    const cli = createSvSdkAdd(app);
    expect(cli.code).toBe(1);
    expect(cli.output).toContain('plugins is not an array literal');
  });

  it('cancels on a hooks file create-sv-sdk will not compose, and writes nothing', () => {
    const app = copy();
    const hooks = "export * from './lib/server/hooks';\n";
    writeFiles(app, { 'src/hooks.server.ts': hooks });
    const reason = composeHooks(hooks, 'src/hooks.server.ts');
    const before = snapshot(app);
    const added = svAdd(app, 'db:pglite');
    expect(added.code).toBe(1);
    expect('refused' in reason && added.output).toContain('has an `export * from`');
    expect(changedPaths(before, snapshot(app))).toEqual([]);
  });

  it('is unsupported in an app without SvelteKit', () => {
    const app = copy();
    const manifest = JSON.parse(read(app, 'package.json')) as { devDependencies: Record<string, string> };
    delete manifest.devDependencies['@sveltejs/kit'];
    writeFiles(app, { 'package.json': `${JSON.stringify(manifest, null, '\t')}\n` });
    const before = snapshot(app);
    const added = svAdd(app, 'db:pglite');
    expect(added.output).toContain('sv-sdk needs SvelteKit');
    expect(changedPaths(before, snapshot(app))).toEqual([]);
  });
});

describe('an app with its own hooks and env (composed, not replaced)', () => {
  it('gives the same files as create-sv-sdk add', () => {
    const files = {
      'src/hooks.server.ts':
        "import { sequence } from '@sveltejs/kit/hooks';\nimport type { Handle } from '@sveltejs/kit';\n\n" +
        'const timing: Handle = async ({ event, resolve }) => resolve(event);\n' +
        'const lang: Handle = async ({ event, resolve }) => resolve(event);\n\n' +
        'export const handle = sequence(timing, lang);\n',
      '.env.example': 'PUBLIC_SITE_NAME=demo\n',
    };
    const viaSv = copy();
    const viaCli = copy();
    writeFiles(viaSv, files);
    writeFiles(viaCli, files);
    expect(svAdd(viaSv, 'db:pglite').code).toBe(0);
    expect(createSvSdkAdd(viaCli).code).toBe(0);
    expect(read(viaSv, 'src/hooks.server.ts')).toContain('export const handle = sequence(sdkHandle, timing, lang);');
    expect(snapshot(viaSv)).toEqual(snapshot(viaCli));
  });
});

describe('SV_SDK_VERSION (hidden: the workspace packages)', () => {
  it('link:<checkout> gives the package.json of create-sv-sdk add --sdk-version link:<checkout>', () => {
    const checkout = join(ADDON_DIR, '..');
    const viaSv = copy();
    const viaCli = copy();
    expect(svAdd(viaSv, 'db:pglite', { SV_SDK_VERSION: `link:${checkout}` }).code).toBe(0);
    expect(createSvSdkAdd(viaCli, ['--sdk-version', `link:${checkout}`]).code).toBe(0);
    expect(JSON.parse(read(viaSv, 'package.json'))).toMatchObject({
      dependencies: { '@sv-sdk/kit': `link:${join(checkout, 'kit')}` },
    });
    expect(snapshot(viaSv)).toEqual(snapshot(viaCli));
  });

  it('a value create-sv-sdk rejects cancels the add-on', () => {
    const app = copy();
    const before = snapshot(app);
    const added = svAdd(app, 'db:pglite', { SV_SDK_VERSION: 'not a version' });
    expect(added.code).toBe(1);
    expect(added.output).toContain('Canceled @sv-sdk/sv: SV_SDK_VERSION');
    expect(changedPaths(before, snapshot(app))).toEqual([]);
  });
});

describe('sv create --add file:<@sv-sdk/sv>', () => {
  it('makes the app sv create + sv add make (only the README’s command line differs)', () => {
    const parent = join(root, 'created');
    mkdirSync(parent, { recursive: true });
    const created = sv(
      [
        'create',
        '--template',
        'minimal',
        '--types',
        'ts',
        '--add',
        `file:${ADDON_DIR}=db:pglite`,
        '--no-install',
        '--no-download-check',
        'base',
      ],
      parent,
    );
    expect(created.code, created.output).toBe(0);
    expect(created.output).toContain('SvSdkLocals');
    const added = copy();
    expect(svAdd(added, 'db:pglite').code).toBe(0);
    expect(changedPaths(snapshot(added), snapshot(join(parent, 'base')))).toEqual(['README.md']);
  });
});
