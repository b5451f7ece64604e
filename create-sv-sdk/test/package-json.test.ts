// addDependencies and the env/.gitignore edits: what they add, what they keep, idempotence, and that the versions
// are the demo's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addDependencies,
  addEnvEntries,
  addIgnoreEntries,
  ENV_ENTRIES,
  renderTemplate,
  serverDependencies,
  templateManifest,
} from '../src/index.ts';

const specs = { kit: '^0.1.0', components: '^0.1.0', vitePlugin: '^0.1.0' };

describe('addDependencies', () => {
  it("uses the demo's versions of the server packages, Kit, Vite and Svelte", () => {
    const demo = JSON.parse(readFileSync(join(import.meta.dirname, '../../examples/demo/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const template = templateManifest();
    expect(serverDependencies()).toEqual(
      Object.fromEntries(Object.entries(demo.dependencies).filter(([name]) => !name.startsWith('@sv-sdk/'))),
    );
    for (const [name, version] of Object.entries(template.devDependencies)) {
      if (!name.startsWith('@sv-sdk/')) expect(`${name}@${version}`).toBe(`${name}@${demo.devDependencies[name]}`);
    }
  });

  it('adds what is missing to a `sv create` package.json (tabs, sorted) and keeps the rest', () => {
    const source = `${JSON.stringify(
      {
        name: 'app',
        private: true,
        type: 'module',
        scripts: { dev: 'vite dev' },
        devDependencies: { '@sveltejs/kit': '^2.22.0', svelte: '^5.0.0', vite: '^7.0.4' },
        dependencies: { 'better-auth': '^1.6.0' },
      },
      null,
      '\t',
    )}\n`;
    const result = addDependencies(source, specs);
    if ('refused' in result) throw new Error(result.refused);
    expect(result.added).toEqual([
      '@sv-sdk/kit@^0.1.0',
      '@sv-sdk/components@^0.1.0',
      '@electric-sql/pglite@^0.5.16',
      '@node-rs/argon2@^2.2.1',
      'bullmq@^6.7.0',
      '@sv-sdk/vite-plugin@^0.1.0',
    ]);
    expect(result.code).toBe(
      `${JSON.stringify(
        {
          name: 'app',
          private: true,
          type: 'module',
          scripts: { dev: 'vite dev' },
          devDependencies: {
            '@sv-sdk/vite-plugin': '^0.1.0',
            '@sveltejs/kit': '^2.22.0',
            svelte: '^5.0.0',
            vite: '^7.0.4',
          },
          dependencies: {
            '@electric-sql/pglite': '^0.5.16',
            '@node-rs/argon2': '^2.2.1',
            '@sv-sdk/components': '^0.1.0',
            '@sv-sdk/kit': '^0.1.0',
            'better-auth': '^1.6.0',
            bullmq: '^6.7.0',
          },
        },
        null,
        '\t',
      )}\n`,
    );
    expect(addDependencies(result.code, specs)).toEqual({ code: result.code, changed: false, added: [], notes: [] });
  });

  it('says when a server package is only a devDependency, refuses an app without Kit', () => {
    const source = JSON.stringify({ devDependencies: { '@sveltejs/kit': '^3.2.0', bullmq: '^6.7.0' } }, null, 2);
    const result = addDependencies(source, specs);
    if ('refused' in result) throw new Error(result.refused);
    expect(result.notes).toEqual([
      'bullmq should be in dependencies (not devDependencies): adapter-node bundles what is not',
    ]);
    expect(result.code.endsWith('}')).toBe(true);
    expect(addDependencies('{ "dependencies": { "react": "^19.0.0" } }', specs)).toEqual({
      refused: 'not a SvelteKit app: package.json does not list @sveltejs/kit (create one with: npm create sv-sdk)',
    });
    expect(addDependencies('{ nope', specs)).toMatchObject({
      refused: expect.stringMatching(/^package\.json is not valid JSON/),
    });
  });
});

describe('addEnvEntries and addIgnoreEntries', () => {
  it('appends the missing settings once, under one header; commented-out settings count as present', () => {
    const first = addEnvEntries('PUBLIC_API=https://api.example.com\n# DATABASE_URL=postgres://localhost/app\n');
    expect(first.added).toEqual(ENV_ENTRIES.map((entry) => entry.name).filter((name) => name !== 'DATABASE_URL'));
    expect(
      first.code.startsWith(
        'PUBLIC_API=https://api.example.com\n# DATABASE_URL=postgres://localhost/app\n\n# ── sv-sdk ──\n',
      ),
    ).toBe(true);
    expect(addEnvEntries(first.code)).toEqual({ code: first.code, changed: false, added: [] });
    expect(addEnvEntries(undefined).code.startsWith('# ── sv-sdk ──\n# ')).toBe(true);
  });

  it('.gitignore gets .sv-sdk once (however it was written)', () => {
    const first = addIgnoreEntries('node_modules\n/build', ['.sv-sdk']);
    expect(first).toEqual({ code: 'node_modules\n/build\n.sv-sdk\n', changed: true });
    expect(addIgnoreEntries('/.sv-sdk/\n', ['.sv-sdk'])).toEqual({ code: '/.sv-sdk/\n', changed: false });
  });

  it("the templates' .env.example names every setting `add` appends", () => {
    const files = renderTemplate({
      appName: 'app',
      template: 'minimal',
      db: 'pglite',
      email: 'outbox',
      sdk: specs,
      run: 'pnpm',
      install: 'pnpm install',
    });
    expect(addEnvEntries(files.get('.env.example')).added).toEqual([]);
  });
});
