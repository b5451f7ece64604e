import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { SDKConfig } from './define-config.ts';
import { findSDKConfigFile, isFile } from './config-file-path.ts';
import { sdkError } from './errors.ts';

export { CONFIG_FILE_NAMES, findSDKConfigFile } from './config-file-path.ts';

export interface LoadSDKConfigOptions {
  /** Where to look for the config file, and what a relative `configPath` is relative to. @default process.cwd() */
  cwd?: string;
  /** An explicit config file (the CLI's `--config`); it must exist. */
  configPath?: string;
}

export interface LoadedSDKConfig {
  /** The file that was loaded; `undefined` when there is none (then `config` is `{}`: the foundation plugins only). */
  path: string | undefined;
  config: SDKConfig;
}

const fn = (what: string) =>
  z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', `expected ${what} to be a function`);

const pluginSchema = z.looseObject(
  {
    name: z.string({ error: 'expected a plugin: an object with a `name` and a `setup` function' }).min(1),
    setup: fn('setup'),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type'
        ? 'expected a plugin such as authPlugin(): an object with a `name` and a `setup` function'
        : undefined,
  },
);

const configSchema = z.strictObject(
  {
    plugins: z.array(pluginSchema, { error: 'expected an array of plugins' }).optional(),
    config: z.record(z.string(), z.unknown(), { error: 'expected an object of configuration values' }).optional(),
    healthTimeoutMs: z.number().int().positive().optional(),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type' ? 'expected an object: export default defineConfig({ plugins: [...] })' : undefined,
  },
);

/**
 * Finds and imports the app's `sv-sdk.config.ts|.js|.mjs` (or `configPath`) and checks its default export. The
 * file is imported by Node itself when it can (type stripping; the kit it imports is then the very instance the
 * caller runs), else through jiti (extensionless relative imports, enums, type-only named imports). A missing
 * `configPath`, a file that throws or one that exports something else is `CONFIG_INVALID` naming the file and the
 * problem. No file at all is not an error: `path` is `undefined`.
 * @example
 * const { config } = await loadSDKConfig({ cwd: process.cwd() });
 * const sdk = await createSDK(config);
 */
export async function loadSDKConfig(options: LoadSDKConfigOptions = {}): Promise<LoadedSDKConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  let path: string | undefined;
  if (options.configPath !== undefined) {
    path = resolve(cwd, options.configPath);
    if (!isFile(path)) throw invalid(`[sv-sdk] Config file not found: ${path}`, path);
  } else {
    path = findSDKConfigFile(cwd);
    if (path === undefined) return { path: undefined, config: {} };
  }

  const shown = display(path, cwd);
  let module: Record<string, unknown>;
  try {
    module = await importModule(path);
  } catch (error) {
    throw invalid(`[sv-sdk] ${shown} could not be loaded: ${firstLine(error)}`, path, error);
  }
  if (!('default' in module) || module.default === undefined) {
    throw invalid(
      `[sv-sdk] ${shown} has no default export: end it with \`export default defineConfig({ plugins: [...] })\``,
      path,
    );
  }
  const parsed = configSchema.safeParse(module.default);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      at: issue.path.length > 0 ? issue.path.map(String).join('.') : '(default export)',
      expected: issue.message,
    }));
    throw invalid(
      `[sv-sdk] ${shown} is not a valid sv-sdk config:\n` +
        problems.map((problem) => `  - ${problem.at}: ${problem.expected}`).join('\n'),
      path,
      undefined,
      problems,
    );
  }
  // The checked shape, but the original objects: plugins keep their identity and closures.
  return { path, config: module.default as SDKConfig };
}

/** Errors that say Node cannot load the file as written (not that the file's own code failed): jiti may. */
const NOT_LOADABLE_NATIVELY = new Set([
  'ERR_MODULE_NOT_FOUND',
  'ERR_UNSUPPORTED_DIR_IMPORT',
  'ERR_UNKNOWN_FILE_EXTENSION',
  'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX',
  'ERR_INVALID_TYPESCRIPT_SYNTAX',
  'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING',
  'ERR_NO_TYPESCRIPT',
  'ERR_REQUIRE_ESM',
]);

async function importModule(path: string): Promise<Record<string, unknown>> {
  const typescript = /\.[cm]?tsx?$/.test(path);
  const nodeStripsTypes = Boolean((process.features as { typescript?: unknown }).typescript);
  if (!typescript || nodeStripsTypes) {
    try {
      return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (error) {
      // These come from parsing and linking (syntax Node cannot strip, an extensionless import, a type imported
      // without `import type`), before any of the file's code runs: loading it again through jiti runs nothing twice.
      const code = (error as { code?: unknown } | null)?.code;
      if (!(error instanceof SyntaxError) && !(typeof code === 'string' && NOT_LOADABLE_NATIVELY.has(code)))
        throw error;
    }
  }
  // jiti (what drizzle-kit's and better-auth's CLIs use) transpiles the file and what it imports outside
  // node_modules; a published @sv-sdk/kit stays native.
  const { createJiti } = await import('jiti');
  const jiti = createJiti(pathToFileURL(path).href, { nativeModules: ['@sv-sdk/kit'] });
  return await jiti.import<Record<string, unknown>>(path);
}

function display(path: string, cwd: string): string {
  const inside = relative(cwd, path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.trim() || (error instanceof Error ? error.name : 'unknown error');
}

function invalid(message: string, file: string, cause?: unknown, problems?: unknown[]) {
  return sdkError('CONFIG_INVALID', { message, cause, details: { file, ...(problems ? { problems } : {}) } });
}
