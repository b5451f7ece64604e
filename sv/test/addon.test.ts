// The add-on's own helpers (pure), and the add-on through sv's programmatic API (`add()` from 'sv', in-process).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { addEnvEntries, applyAddPlan, DEFAULT_SDK_VERSION, planAdd } from 'create-sv-sdk';
import { add, create } from 'sv';
import { afterAll, describe, expect, it } from 'vitest';
import addon, { ADDON_ID, addedDependencies, postgresEnv, sdkSpecs } from '../src/index.ts';
import { ADDON_DIR, changedPaths, copyApp, snapshot } from './helpers.ts';

describe('postgresEnv', () => {
  it('fills the DATABASE_URL that addEnvEntries appended, named after the app', () => {
    const before = 'PUBLIC_X=1\n';
    const { code } = addEnvEntries(before);
    const result = postgresEnv(before, code, '@acme/My-App');
    expect(result).toContain('\nDATABASE_URL=postgres://postgres:postgres@localhost:5432/my_app\n');
    expect(result.replace(/^DATABASE_URL=.*$/m, 'DATABASE_URL=')).toBe(code);
  });

  it('leaves a DATABASE_URL of the app (set or commented out) alone', () => {
    for (const before of ['DATABASE_URL=file:local.db\n', '# DATABASE_URL=\n']) {
      const { code } = addEnvEntries(before);
      expect(postgresEnv(before, code, 'app')).toBe(code);
    }
  });

  it('works on a new file', () => {
    const { code } = addEnvEntries(undefined);
    expect(postgresEnv(undefined, code, 'shop')).toMatch(/^DATABASE_URL=postgres:\/\/.*\/shop$/m);
  });
});

describe('addedDependencies', () => {
  it('lists the packages the edit added, per section, with their versions', () => {
    const before = JSON.stringify({ dependencies: { a: '1' }, devDependencies: { b: '2' } });
    const after = JSON.stringify({ dependencies: { a: '1', c: '3' }, devDependencies: { b: '2', d: '4' } });
    expect(addedDependencies(before, after)).toEqual({ dependencies: [['c', '3']], devDependencies: [['d', '4']] });
  });

  it('a section the app did not have is all new', () => {
    const after = JSON.stringify({ dependencies: { c: '3' } });
    expect(addedDependencies('{}', after)).toEqual({ dependencies: [['c', '3']], devDependencies: [] });
  });
});

describe('sdkSpecs', () => {
  it("is create-sv-sdk's default when unset", () => {
    const specs = sdkSpecs('/tmp', undefined);
    expect(specs).toEqual({
      kit: DEFAULT_SDK_VERSION,
      components: DEFAULT_SDK_VERSION,
      vitePlugin: DEFAULT_SDK_VERSION,
    });
  });

  it('takes a version, and refuses what create-sv-sdk refuses', () => {
    expect(sdkSpecs('/tmp', '0.2.0')).toMatchObject({ kit: '0.2.0' });
    expect(sdkSpecs('/tmp', 'link:/nowhere')).toMatchObject({ refused: expect.stringContaining('SV_SDK_VERSION') });
  });
});

describe("sv's programmatic add()", () => {
  const root = join(ADDON_DIR, '.test-apps', `api-${process.pid}`);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('succeeds and writes what planAdd + applyAddPlan write', async () => {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    const base = join(root, 'app');
    create({ cwd: base, name: 'app', template: 'minimal', types: 'typescript' });
    const fresh = snapshot(base);
    const viaApi = copyApp(base, join(root, 'api', 'app'));
    const viaPlan = copyApp(base, join(root, 'plan', 'app'));

    const result = await add({ cwd: viaApi, addons: { addon }, options: { [ADDON_ID]: { db: 'pglite' } } });
    expect(result.status).toEqual({ [ADDON_ID]: 'success' });
    const plan = planAdd(viaPlan, {
      kit: DEFAULT_SDK_VERSION,
      components: DEFAULT_SDK_VERSION,
      vitePlugin: DEFAULT_SDK_VERSION,
    });
    applyAddPlan(plan);

    expect(changedPaths(fresh, snapshot(viaApi))).toEqual(plan.changes.map((change) => change.path).sort());
    expect(snapshot(viaApi)).toEqual(snapshot(viaPlan));
  });
});
