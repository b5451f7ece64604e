// addDependencies: the packages an sv-sdk app needs, in its package.json. Pure (string in, string out).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type DependencyEdit = { code: string; changed: boolean; added: string[]; notes: string[] } | { refused: string };

/** Version specs of the sv-sdk packages (`^0.1.0`, or `link:`/`file:` paths when testing the workspace). */
export interface SdkSpecs {
  kit: string;
  components: string;
  vitePlugin: string;
}

interface TemplatePackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

let templatePackageJson: TemplatePackageJson | undefined;

/** templates/base/package.json: the one list of the versions a new app and `add` use. */
export function templateManifest(): TemplatePackageJson {
  templatePackageJson ??= JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', 'templates', 'base', 'package.json'), 'utf8'),
  ) as TemplatePackageJson;
  return templatePackageJson;
}

/**
 * The packages that load their own files at run time (WASM, a native addon, Lua scripts) or that the SDK hands
 * objects to: they must be the app's own `dependencies` so adapter-node leaves them out of the bundle.
 */
export function serverDependencies(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(templateManifest().dependencies).filter(([name]) => !name.startsWith('@sv-sdk/')),
  );
}

/**
 * Adds `@sv-sdk/kit`, `@sv-sdk/components` and the server packages to `dependencies`, `@sv-sdk/vite-plugin` to
 * `devDependencies`; a package the app already lists (anywhere) keeps its version. Sorted sections stay sorted,
 * the file's indentation and final newline are kept. Refuses a package.json without `@sveltejs/kit` (not a
 * SvelteKit app) or one that does not parse.
 */
export function addDependencies(source: string, specs: SdkSpecs, file = 'package.json'): DependencyEdit {
  let manifest: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(source);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      return { refused: `${file} is not a JSON object` };
    manifest = parsed as Record<string, unknown>;
  } catch (error) {
    return { refused: `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const section = (name: string): Record<string, string> => {
    const value = manifest[name];
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
  };
  const listed = (name: string) =>
    ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].some(
      (key) => section(key)[name] !== undefined,
    );
  if (!listed('@sveltejs/kit')) {
    return { refused: `not a SvelteKit app: ${file} does not list @sveltejs/kit (create one with: npm create sv-sdk)` };
  }

  const wanted: Record<'dependencies' | 'devDependencies', Record<string, string>> = {
    dependencies: { '@sv-sdk/kit': specs.kit, '@sv-sdk/components': specs.components, ...serverDependencies() },
    devDependencies: { '@sv-sdk/vite-plugin': specs.vitePlugin },
  };
  const added: string[] = [];
  const notes: string[] = [];
  for (const [key, packages] of Object.entries(wanted) as [keyof typeof wanted, Record<string, string>][]) {
    const current = section(key);
    const missing = Object.entries(packages).filter(([name]) => !listed(name));
    if (missing.length === 0) continue;
    const wasSorted = isSorted(Object.keys(current));
    const next: Record<string, string> = { ...current, ...Object.fromEntries(missing) };
    manifest[key] = wasSorted ? Object.fromEntries(Object.entries(next).sort(([a], [b]) => compare(a, b))) : next;
    added.push(...missing.map(([name, version]) => `${name}@${version}`));
  }
  for (const name of Object.keys(serverDependencies())) {
    if (section('dependencies')[name] === undefined && listed(name)) {
      notes.push(`${name} should be in dependencies (not devDependencies): adapter-node bundles what is not`);
    }
  }
  if (added.length === 0) return { code: source, changed: false, added, notes };
  const indent = /^\{\r?\n([ \t]+)"/.exec(source)?.[1] ?? '  ';
  const newline = source.endsWith('\n') ? '\n' : '';
  return { code: JSON.stringify(manifest, null, indent) + newline, changed: true, added, notes };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isSorted(keys: readonly string[]): boolean {
  return keys.every((key, index) => index === 0 || compare(keys[index - 1] ?? '', key) <= 0);
}
