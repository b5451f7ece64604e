// The add-on as it would be published: `pnpm pack` (prepack bundles dist/), unpacked outside the workspace with only
// `sv` next to it (what sv provides to an add-on it downloads), then run by the real `sv` on a fresh app.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDON_DIR, clearStaleAddonLink, copyApp, createSvSdkAdd, snapshot, sv } from './helpers.ts';

const scratch = mkdtempSync(join(tmpdir(), 'sv-sdk-sv-packed-'));
const apps = join(ADDON_DIR, '.test-apps', `packed-${process.pid}`);
const unpacked = join(scratch, 'package');
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(apps, { recursive: true, force: true });
  clearStaleAddonLink();
});

function run(command: string, args: readonly string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 100_000 });
  if (result.error) throw result.error;
  expect(result.status, `${command} ${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
}

beforeAll(() => {
  run('pnpm', ['pack', '--pack-destination', scratch], ADDON_DIR);
  const tarball = readdirSync(scratch).find((name) => name.endsWith('.tgz'));
  expect(tarball).toBeDefined();
  run('tar', ['xzf', tarball ?? '', '-C', scratch], scratch);
  mkdirSync(join(unpacked, 'node_modules'));
  symlinkSync(realpathSync(join(ADDON_DIR, 'node_modules', 'sv')), join(unpacked, 'node_modules', 'sv'), 'dir');
});

describe('the packed add-on', () => {
  it('has what sv asks of a community add-on: sv as a peer, no dependencies, the sv-add keyword', () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.name).toBe('@sv-sdk/sv');
    expect(manifest.peerDependencies).toEqual({ sv: expect.any(String) });
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.keywords).toContain('sv-add');
    expect(manifest.exports).toMatchObject({ '.': './dist/index.js', './sv': './dist/index.js' });
  });

  it('imports nothing but sv and Node’s own modules', () => {
    const bundle = readFileSync(join(unpacked, 'dist', 'index.js'), 'utf8');
    const imported = [...bundle.matchAll(/^import [^'"]*from ["']([^"']+)["']/gm)].map((match) => match[1]);
    const required = [...bundle.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((match) => match[1]);
    expect(imported).toContain('sv');
    expect([...imported, ...required].filter((name) => name !== 'sv' && !isBuiltin(name ?? ''))).toEqual([]);
  });

  it('gives, through the real sv, the files create-sv-sdk add gives', () => {
    mkdirSync(apps, { recursive: true });
    const created = sv(
      ['create', '--template', 'minimal', '--types', 'ts', '--no-add-ons', '--no-install', 'base'],
      apps,
    );
    expect(created.code, created.output).toBe(0);
    const viaSv = copyApp(join(apps, 'base'), join(apps, 'sv', 'base'));
    const viaCli = copyApp(join(apps, 'base'), join(apps, 'cli', 'base'));
    const added = sv(
      ['add', `file:${unpacked}=db:pglite`, '--no-git-check', '--no-download-check', '--no-install'],
      viaSv,
    );
    expect(added.code, added.output).toBe(0);
    expect(added.output).toContain('Successfully setup add-ons: @sv-sdk/sv');
    expect(createSvSdkAdd(viaCli).code).toBe(0);
    expect(snapshot(viaSv)).toEqual(snapshot(viaCli));
    expect(snapshot(viaSv)['sv-sdk.config.ts']).toContain('authPlugin()');
  });
});
