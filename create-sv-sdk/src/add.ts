// `create-sv-sdk add` (and later `sv-sdk init`): sv-sdk in an existing SvelteKit app. Everything is checked first
// (planAdd); only a plan without refusals is written (applyAddPlan). Running it again changes nothing.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { addDependencies, type SdkSpecs } from './edits/package-json.ts';
import { addEnvEntries, addIgnoreEntries } from './edits/env.ts';
import { composeHooks } from './edits/hooks.ts';
import { editViteConfig } from './edits/vite-config.ts';
import { TEMPLATES_DIR } from './templates.ts';

export const VITE_CONFIG_FILES = ['vite.config.ts', 'vite.config.js', 'vite.config.mts', 'vite.config.mjs'];
export const SDK_CONFIG_FILES = ['sv-sdk.config.ts', 'sv-sdk.config.mts', 'sv-sdk.config.js', 'sv-sdk.config.mjs'];
const HOOKS_FILES = ['src/hooks.server.ts', 'src/hooks.server.js'];

export interface FileChange {
  /** Relative to the app, with `/`. */
  path: string;
  /** undefined: the file is created. */
  before: string | undefined;
  after: string;
}

export interface AddPlan {
  root: string;
  changes: FileChange[];
  /** Files looked at and left as they are. */
  unchanged: string[];
  notes: string[];
  /** Why the app cannot be edited safely; non-empty → nothing may be written. */
  refused: string[];
}

function read(root: string, path: string): string | undefined {
  const file = join(root, ...path.split('/'));
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** Everything `add` would change in the app at `root`, or why it refuses; reads only. */
export function planAdd(root: string, sdk: SdkSpecs): AddPlan {
  const plan: AddPlan = { root, changes: [], unchanged: [], notes: [], refused: [] };
  const record = (path: string, before: string | undefined, after: string, changed: boolean) => {
    if (changed) plan.changes.push({ path, before, after });
    else plan.unchanged.push(path);
  };

  const packageJson = read(root, 'package.json');
  if (packageJson === undefined) {
    plan.refused.push(`no package.json in ${root}: run it in a SvelteKit app's folder (or pass --cwd)`);
    return plan;
  }
  const dependencies = addDependencies(packageJson, sdk);
  if ('refused' in dependencies) {
    plan.refused.push(dependencies.refused);
    return plan;
  }
  record('package.json', packageJson, dependencies.code, dependencies.changed);
  plan.notes.push(...dependencies.notes);

  const typescript = existsSync(join(root, 'tsconfig.json')) || !existsSync(join(root, 'jsconfig.json'));

  const viteFile = VITE_CONFIG_FILES.find((path) => read(root, path) !== undefined);
  if (!viteFile) {
    plan.refused.push(`no ${VITE_CONFIG_FILES.join(' / ')} in ${root}`);
  } else {
    const source = read(root, viteFile) ?? '';
    const edit = editViteConfig(source, viteFile);
    if ('refused' in edit) plan.refused.push(edit.refused);
    else record(viteFile, source, edit.code, edit.changed);
  }

  const hooksFile = HOOKS_FILES.find((path) => read(root, path) !== undefined);
  const hooksPath = hooksFile ?? (typescript ? HOOKS_FILES[0] : HOOKS_FILES[1]) ?? 'src/hooks.server.ts';
  const hooksSource = hooksFile ? read(root, hooksFile) : undefined;
  const hooks = composeHooks(hooksSource, hooksPath);
  if ('refused' in hooks) plan.refused.push(hooks.refused);
  else {
    record(hooksPath, hooksSource, hooks.code, hooks.changed);
    plan.notes.push(...hooks.notes);
  }

  const sdkConfig = SDK_CONFIG_FILES.find((path) => read(root, path) !== undefined);
  if (sdkConfig) plan.unchanged.push(sdkConfig);
  else {
    // The template's file has no TypeScript syntax: the same text serves a JavaScript app.
    const content = readFileSync(join(TEMPLATES_DIR, 'base', 'sv-sdk.config.ts'), 'utf8');
    record(typescript ? 'sv-sdk.config.ts' : 'sv-sdk.config.js', undefined, content, true);
  }

  const envExample = read(root, '.env.example');
  const env = addEnvEntries(envExample);
  record('.env.example', envExample, env.code, env.changed);

  const gitignore = read(root, '.gitignore');
  if (gitignore !== undefined) {
    const ignore = addIgnoreEntries(gitignore, ['.sv-sdk']);
    record('.gitignore', gitignore, ignore.code, ignore.changed);
  }

  const appTypes = read(root, 'src/app.d.ts');
  if (typescript && !appTypes?.includes('SvSdkLocals')) {
    plan.notes.push(
      "src/app.d.ts: declare sv-sdk's locals with  import type { SvSdkLocals } from '@sv-sdk/kit/sveltekit';  and " +
        ' interface Locals extends SvSdkLocals {}  in namespace App',
    );
  }
  const styled = ['src/app.css', 'src/routes/+layout.svelte'].some((path) =>
    /@sv-sdk\/components\/(?:tailwind|styles)\.css/.test(read(root, path) ?? ''),
  );
  if (!styled) {
    plan.notes.push(
      /"tailwindcss"\s*:/.test(packageJson)
        ? "styles: the auth pages use Tailwind classes; add  @import '@sv-sdk/components/tailwind.css';  after  @import 'tailwindcss';  in your CSS"
        : "styles: import '@sv-sdk/components/styles.css' (the auth pages' precompiled CSS) in src/routes/+layout.svelte",
    );
  }
  if (existsSync(join(root, 'pnpm-lock.yaml')) && plan.changes.some((change) => change.path === 'package.json')) {
    plan.notes.push(
      'pnpm: allow the build scripts of @node-rs/argon2 and msgpackr-extract (pnpm approve-builds, or allowBuilds in pnpm-workspace.yaml)',
    );
  }
  return plan;
}

/** Writes a plan's changes; refuses (throws) a plan with refusals. */
export function applyAddPlan(plan: AddPlan): void {
  if (plan.refused.length > 0) throw new Error(`refused: ${plan.refused.join('; ')}`);
  for (const change of plan.changes) {
    const file = join(plan.root, ...change.path.split('/'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, change.after);
  }
}
