// The app templates: real files under templates/ (base/ for every app, then the template's own folder over it),
// with `__NAME__` placeholders filled in when an app is created.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { SdkSpecs } from './edits/package-json.ts';

export const TEMPLATES_DIR = join(import.meta.dirname, '..', 'templates');

export const TEMPLATES = ['demo', 'minimal'] as const;
export type TemplateName = (typeof TEMPLATES)[number];
export const DATABASES = ['pglite', 'postgres'] as const;
export type DatabaseName = (typeof DATABASES)[number];
export const EMAIL_PROVIDERS = ['outbox'] as const;
export type EmailProvider = (typeof EMAIL_PROVIDERS)[number];

export const TEMPLATE_DESCRIPTIONS: Record<TemplateName, string> = {
  demo: 'auth pages, a protected /dashboard and an app plugin listening to user.created',
  minimal: 'auth pages and a home page',
};

/** Files whose real name npm would not publish (or would act on): stored under another name. */
const RENAMES: Record<string, string> = { _gitignore: '.gitignore', '_env.example': '.env.example' };

export interface RenderOptions {
  appName: string;
  template: TemplateName;
  db: DatabaseName;
  email: EmailProvider;
  sdk: SdkSpecs;
  /** How the README spells commands: `pnpm`, `npm run`… */
  run: string;
  install: string;
}

/** The files of a new app: relative path (always with `/`) → content. */
export function renderTemplate(options: RenderOptions): Map<string, string> {
  const values = placeholderValues(options);
  const files = new Map<string, string>();
  for (const folder of ['base', options.template]) {
    const root = join(TEMPLATES_DIR, folder);
    for (const path of listFiles(root)) {
      const relativePath = relative(root, path).split(sep).join('/');
      const segments = relativePath.split('/');
      const last = segments.pop() ?? '';
      const target = [...segments, RENAMES[last] ?? last].join('/');
      files.set(target, fill(readFileSync(path, 'utf8'), values, `${folder}/${relativePath}`));
    }
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Replaces every `__NAME__`; an unknown placeholder is a bug in the template and throws. */
export function fill(text: string, values: Record<string, string>, file: string): string {
  return text.replace(/__([A-Z][A-Z0-9_]*)__/g, (match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`templates/${file}: unknown placeholder ${match}`);
    return value;
  });
}

function placeholderValues(options: RenderOptions): Record<string, string> {
  const dbName = options.appName.replace(/^@[^/]+\//, '').replace(/[^a-z0-9_]/g, '_');
  const demo = options.template === 'demo';
  return {
    APP_NAME: options.appName,
    TEMPLATE: options.template,
    DB: options.db === 'pglite' ? 'embedded PGlite' : 'PostgreSQL',
    EMAIL_PROVIDER: options.email,
    SDK_SPEC_KIT: options.sdk.kit,
    SDK_SPEC_COMPONENTS: options.sdk.components,
    SDK_SPEC_VITE_PLUGIN: options.sdk.vitePlugin,
    RUN: options.run,
    INSTALL: options.install,
    DATABASE_ENV:
      options.db === 'pglite'
        ? [
            '# Unset: the embedded PGlite database in SV_SDK_DATA_DIR (one process at a time: stop `dev` before',
            '# `npx sv-sdk db seed`). PostgreSQL: postgres://user:password@host:5432/dbname',
            'DATABASE_URL=',
            "# PGlite's data folder; `memory://` keeps it in memory (lost on exit).",
            'SV_SDK_DATA_DIR=.sv-sdk/data',
          ].join('\n')
        : [
            '# PostgreSQL (this app was created for it; unset, the SDK falls back to an embedded PGlite database).',
            `DATABASE_URL=postgres://postgres:postgres@localhost:5432/${dbName}`,
            '# Connections per app node (postgres-js pool). 1..500',
            'DB_POOL_SIZE=10',
          ].join('\n'),
    DATABASE_README:
      options.db === 'pglite'
        ? [
            'The database is an embedded PostgreSQL (PGlite) in `.sv-sdk/data`, migrated when the app starts: nothing to',
            'install. For PostgreSQL set `DATABASE_URL` in `.env` and run `npx sv-sdk db migrate`. A PGlite folder is one',
            "process's at a time: stop `dev` before running `npx sv-sdk db seed`.",
          ].join('\n')
        : [
            'The database is PostgreSQL: set `DATABASE_URL` in `.env` (a local one:',
            `\`docker run -d -p 5432:5432 -e POSTGRES_PASSWORD=postgres -e POSTGRES_DB=${dbName} postgres:16\`), then`,
            'apply the migrations with `npx sv-sdk db migrate` before `dev` (and before every new version in production).',
          ].join('\n'),
    TEMPLATE_PLUGINS: demo ? ', and the app’s own `app.welcome` listening to `user.created`' : '',
    TEMPLATE_FILES: demo ? '| `src/routes/dashboard` | a protected page: `requireUser(event)` in its `load` |\n' : '',
  };
}
