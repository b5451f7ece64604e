// @sv-sdk/sv: the Svelte CLI's community add-on for sv-sdk (`npx sv add @sv-sdk`, `npx sv create --add @sv-sdk`).
// It makes the very edit `create-sv-sdk add` makes: create-sv-sdk's planAdd reads the app and runs its pure edits
// (editViteConfig, composeHooks, addDependencies, addEnvEntries, addIgnoreEntries, the template's sv-sdk.config.ts),
// and this add-on hands the result to sv. Only the database choice adds something of its own: with `db:postgres`
// the new DATABASE_URL entry of .env.example gets a PostgreSQL URL instead of staying empty.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addEnvEntries, DEFAULT_SDK_VERSION, planAdd, sdkSpecSchema, type AddPlan, type SdkSpecs } from 'create-sv-sdk';
import { defineAddon, defineAddonOptions } from 'sv';

export const ADDON_ID = '@sv-sdk/sv';

/**
 * Hidden, for testing the workspace: the version of the @sv-sdk packages the app gets, or `link:<sv-sdk checkout>`
 * (the same values as create-sv-sdk's `--sdk-version`). Unset: {@link DEFAULT_SDK_VERSION}, as `create-sv-sdk add`.
 */
export const SDK_VERSION_ENV = 'SV_SDK_VERSION';

export const options = defineAddonOptions()
  .add('db', {
    question: 'Which database should sv-sdk use?',
    type: 'select',
    default: 'pglite',
    options: [
      { value: 'pglite', label: 'PGlite', hint: 'embedded PostgreSQL in .sv-sdk/data: nothing to install' },
      { value: 'postgres', label: 'PostgreSQL', hint: 'DATABASE_URL in .env; run npx sv-sdk db migrate' },
    ],
  })
  .build();

/**
 * The notes of the last run in each app folder (create-sv-sdk's plan notes), for nextSteps. Kept, not taken: `sv
 * create` asks an add-on for its next steps twice.
 */
const notesByApp = new Map<string, string[]>();

/** The @sv-sdk package specs: {@link SDK_VERSION_ENV} when set, else create-sv-sdk's default. */
export function sdkSpecs(cwd: string, value = process.env[SDK_VERSION_ENV]): SdkSpecs | { refused: string } {
  const result = sdkSpecSchema(cwd).safeParse(value || DEFAULT_SDK_VERSION);
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? 'invalid';
  return { refused: `${SDK_VERSION_ENV}: ${message.replace(/^--sdk-version /, '')}` };
}

/**
 * With PostgreSQL, the DATABASE_URL line that create-sv-sdk's addEnvEntries appended to .env.example gets a local
 * PostgreSQL URL (the one `npm create sv-sdk --db postgres` writes). A DATABASE_URL the file had before is the app's
 * own and stays as it is.
 */
export function postgresEnv(before: string | undefined, after: string, appName: string): string {
  if (!addEnvEntries(before).added.includes('DATABASE_URL')) return after;
  const kept = before ?? '';
  const database =
    appName
      .toLowerCase()
      .replace(/^@[^/]+\//, '')
      .replace(/[^a-z0-9_]/g, '_') || 'app';
  const appended = after
    .slice(kept.length)
    .replace(/^DATABASE_URL=$/m, `DATABASE_URL=postgres://postgres:postgres@localhost:5432/${database}`);
  return `${kept}${appended}`;
}

function packageName(cwd: string): string {
  const file = join(cwd, 'package.json');
  if (!existsSync(file)) return 'app';
  try {
    const name: unknown = (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : 'app';
  } catch {
    return 'app';
  }
}

type Section = 'dependencies' | 'devDependencies';

/** The packages create-sv-sdk's package.json edit added, by section, with their versions. */
export function addedDependencies(before: string | undefined, after: string): Record<Section, [string, string][]> {
  const parse = (text: string | undefined) => (text ? (JSON.parse(text) as Partial<Record<Section, object>>) : {});
  const old = parse(before);
  const next = parse(after);
  const added = (section: Section): [string, string][] =>
    Object.entries((next[section] ?? {}) as Record<string, string>).filter(
      ([name]) => !Object.hasOwn(old[section] ?? {}, name),
    );
  return { dependencies: added('dependencies'), devDependencies: added('devDependencies') };
}

export default defineAddon({
  id: ADDON_ID,
  shortDescription: 'sv-sdk: auth pages, sessions and security in your SvelteKit app',
  homepage: 'https://www.npmjs.com/package/@sv-sdk/sv',
  options,
  setup: ({ isKit, unsupported }) => {
    if (!isKit) unsupported('sv-sdk needs SvelteKit (create an app with: npx sv create --add @sv-sdk)');
  },
  run: ({ cwd, options, sv, cancel }) => {
    const specs = sdkSpecs(cwd);
    if ('refused' in specs) return cancel(specs.refused);
    // Everything is planned (and every refusal known) before sv writes a file: sv.file writes at once.
    const plan: AddPlan = planAdd(cwd, specs);
    if (plan.refused.length > 0) return cancel(plan.refused.join('; '));

    for (const change of plan.changes) {
      if (change.path === 'package.json') {
        // sv writes package.json itself after run() (sorted sections): the packages go through its dependency API.
        const added = addedDependencies(change.before, change.after);
        for (const [name, version] of added.dependencies) sv.dependency(name, version);
        for (const [name, version] of added.devDependencies) sv.devDependency(name, version);
        continue;
      }
      const after =
        change.path === '.env.example' && options.db === 'postgres'
          ? postgresEnv(change.before, change.after, packageName(cwd))
          : change.after;
      // sv hands the file's current bytes: the ones planAdd read just now (the edit was made on them).
      sv.file(change.path, () => after);
    }
    notesByApp.set(cwd, plan.notes);
  },
  nextSteps: ({ cwd, options, packageManager }) => {
    const run = packageManager === 'npm' ? 'npm run' : packageManager;
    const steps = [
      'cp .env.example .env',
      ...(options.db === 'postgres'
        ? ['set DATABASE_URL in .env, then apply the migrations: npx sv-sdk db migrate']
        : []),
      `${run} dev: svSdk() writes the auth pages into src/routes; open /signup`,
      ...(notesByApp.get(cwd) ?? []),
    ];
    return steps;
  },
});
