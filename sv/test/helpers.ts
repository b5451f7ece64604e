// Test helpers: the real `sv` binary and create-sv-sdk's command, run as child processes on apps in .test-apps/.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** This package's folder: what `sv add file:<dir>` loads. */
export const ADDON_DIR = join(import.meta.dirname, '..');
export const SV_BIN = join(ADDON_DIR, 'node_modules', 'sv', 'dist', 'bin.mjs');
export const CREATE_SV_SDK_BIN = join(ADDON_DIR, 'node_modules', 'create-sv-sdk', 'bin', 'create-sv-sdk.js');

export interface Run {
  code: number | null;
  output: string;
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
  // sv behaves differently under NODE_ENV=test (vitest sets it); the add-on's hidden knob only when a test sets it.
  delete env.NODE_ENV;
  delete env.VITEST;
  if (!('SV_SDK_VERSION' in extra)) delete env.SV_SDK_VERSION;
  return env;
}

function node(script: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd,
    env: childEnv(env),
    encoding: 'utf8',
    timeout: 100_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error) throw result.error;
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * Where sv links a `file:` add-on: `@sv-sdk/sv` in sv's own node_modules (…/dist/../../node_modules). sv 0.17.1
 * replaces an old link only when `fs.existsSync` sees it, which follows it: once the folder it pointed to is gone (the
 * packed test's temporary copy) every later `sv add file:` fails with EEXIST. Such a dangling link is removed first.
 */
export function clearStaleAddonLink(): void {
  const link = join(realpathSync(SV_BIN), '..', '..', '..', 'node_modules', '@sv-sdk', 'sv');
  try {
    if (lstatSync(link).isSymbolicLink() && !existsSync(link)) unlinkSync(link);
  } catch {
    // no link yet
  }
}

/** `sv <args>` in `cwd` (no prompts: stdin is not a terminal and every option is given). */
export function sv(args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  clearStaleAddonLink();
  return node(SV_BIN, args, cwd, env);
}

/** `sv add file:<this package>=<options>` in the app, offline and without installing. */
export function svAdd(app: string, options: string, env: Record<string, string> = {}): Run {
  return sv(['add', `file:${ADDON_DIR}=${options}`, '--no-git-check', '--no-download-check', '--no-install'], app, env);
}

/** `create-sv-sdk add --cwd <app>` (its command line, as a user runs it). */
export function createSvSdkAdd(app: string, args: readonly string[] = []): Run {
  return node(CREATE_SV_SDK_BIN, ['add', '--cwd', app, ...args], dirname(app));
}

/** Every file under `root` (relative, with `/`) with its bytes; node_modules left out. */
export function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules') continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else files[relative(root, path).split(sep).join('/')] = readFileSync(path, 'latin1');
    }
  };
  visit(root);
  return files;
}

/** The paths whose bytes differ between two snapshots (added, removed or changed). */
export function changedPaths(before: Record<string, string>, after: Record<string, string>): string[] {
  const paths = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...paths].filter((path) => before[path] !== after[path]).sort();
}

export function copyApp(from: string, to: string): string {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  return to;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

export function read(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}
