import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Packages the kit uses that load their own files at run time (a native addon, WASM, Lua scripts) or must be one
 * instance per process. SvelteKit bundles a server's dependencies except the app's own `dependencies`, and these
 * break when bundled, so the app lists them itself (the scaffolder does).
 */
export const SERVER_DEPENDENCIES = ['@electric-sql/pglite', '@node-rs/argon2', 'better-auth', 'bullmq'] as const;

/** The server dependencies the app's package.json does not list in `dependencies`, in order. */
export function missingServerDependencies(root: string): string[] {
  const file = join(root, 'package.json');
  if (!existsSync(file)) return [...SERVER_DEPENDENCIES];
  let dependencies: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, unknown> };
    dependencies = parsed.dependencies ?? {};
  } catch {
    return [];
  }
  return SERVER_DEPENDENCIES.filter((name) => !(name in dependencies));
}
