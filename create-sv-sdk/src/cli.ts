// The `create-sv-sdk` command: `create-sv-sdk [dir] [flags]` makes a new app, `create-sv-sdk add [flags]` adds
// sv-sdk to the app in the current folder. Exit codes: 0 done, 1 a problem (one line on stderr, never a stack).
import { relative, resolve } from 'node:path';
import * as prompts from '@clack/prompts';
import { parseArgs, type ArgsDef } from 'citty';
import type { z } from 'zod';
import { applyAddPlan, planAdd } from './add.ts';
import { createApp, targetProblem, type Reporter } from './create.ts';
import { UsageError } from './errors.ts';
import {
  addOptionsSchema,
  createOptionsSchema,
  DEFAULT_SDK_VERSION,
  firstProblem,
  projectDirSchema,
} from './options.ts';
import { detectPackageManager, installCommand, run, runCommand } from './package-manager.ts';
import { TEMPLATE_DESCRIPTIONS, TEMPLATES } from './templates.ts';

const CREATE_ARGS = {
  dir: { type: 'positional', required: false, description: 'folder of the new app (its name is the package name)' },
  template: { type: 'string', description: 'demo | minimal' },
  db: { type: 'string', description: 'pglite | postgres' },
  email: { type: 'string', description: 'outbox' },
  install: { type: 'boolean', description: 'install the dependencies' },
  git: { type: 'boolean', description: 'git init and a first commit' },
  yes: { type: 'boolean', alias: 'y', description: 'the defaults for everything not given' },
  'sdk-version': { type: 'string', description: 'hidden: version of the @sv-sdk packages, or link:<checkout>' },
  help: { type: 'boolean', alias: 'h' },
  version: { type: 'boolean', alias: 'v' },
} satisfies ArgsDef;

const ADD_ARGS = {
  cwd: { type: 'string', description: 'the app folder (default: the current folder)' },
  install: { type: 'boolean', description: 'install the dependencies afterwards' },
  'sdk-version': { type: 'string', description: 'hidden: version of the @sv-sdk packages, or link:<checkout>' },
  help: { type: 'boolean', alias: 'h' },
} satisfies ArgsDef;

export const USAGE = `create-sv-sdk — new SvelteKit apps with sv-sdk (auth, sessions, security) and sv-sdk in existing ones

Usage
  npm create sv-sdk [dir] [options]        a new app in <dir> (prompts for what is not given, in a terminal)
  npx create-sv-sdk add [options]          add sv-sdk to the SvelteKit app in the current folder

Options (new app)
  --template demo|minimal   demo: auth pages, a protected /dashboard, an app plugin on user.created (default)
                            minimal: auth pages and a home page
  --db pglite|postgres      embedded PGlite, nothing to install (default) | PostgreSQL (DATABASE_URL)
  --email outbox            mails stored, links printed in development (the only provider today)
  --install / --no-install  install the dependencies with the package manager that runs this (default: yes)
  --no-git                  no git repository (default: git init and a first commit)
  -y, --yes                 the defaults for everything not given; no prompts

Options (add)
  --cwd <dir>               the app's folder (default: the current one)
  --install                 install the dependencies afterwards (default: only package.json is changed)

  -h, --help                this help
`;

interface Io {
  cwd: string;
  interactive: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo = (): Io => ({
  cwd: process.cwd(),
  interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});

/** Runs the command line; resolves with the exit code. */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  try {
    if (argv[0] === 'add') return await addCommand(argv.slice(1), io);
    return await createCommand(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`create-sv-sdk: ${error.message}`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`create-sv-sdk: ${message.split('\n')[0]}`);
    if (process.env.DEBUG && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  }
}

/** citty's parse, plus what it lets through: unknown options and extra arguments. */
function parse<T extends ArgsDef>(argv: readonly string[], def: T, positionals: number) {
  const known = new Map<string, 'boolean' | 'string'>();
  for (const [name, arg] of Object.entries(def)) {
    if (arg.type === 'positional') continue;
    const kind = arg.type === 'boolean' ? 'boolean' : 'string';
    const aliases = 'alias' in arg && arg.alias ? [arg.alias].flat() : [];
    for (const alias of [name, ...aliases]) known.set(alias, kind);
  }
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] ?? '';
    if (token === '--') break;
    if (!token.startsWith('-') || token === '-') continue;
    const [flag = ''] = token.replace(/^--?/, '').split('=');
    const kind =
      known.get(flag) ?? (flag.startsWith('no-') && known.get(flag.slice(3)) === 'boolean' ? 'boolean' : undefined);
    if (!kind) throw new UsageError(`unknown option ${token.split('=')[0]} (see --help)`);
    if (kind === 'string' && !token.includes('=')) index++;
  }
  const args = parseArgs(argv as string[], def);
  if (args._.length > positionals) throw new UsageError(`unexpected argument "${args._[positionals]}" (see --help)`);
  return args;
}

function check<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new UsageError(firstProblem(result.error));
  return result.data;
}

function reporterFor(io: Io): Reporter {
  return io.interactive
    ? { step: (message) => prompts.log.step(message), warn: (message) => prompts.log.warn(message) }
    : { step: (message) => io.out(message), warn: (message) => io.err(`warning: ${message}`) };
}

function cancelled<T>(value: T | symbol): value is symbol {
  if (prompts.isCancel(value)) {
    prompts.cancel('Cancelled: nothing was created.');
    return true;
  }
  return false;
}

async function createCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parse(argv, CREATE_ARGS, 1);
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  if (args.version) {
    io.out('0.1.0');
    return 0;
  }
  const schema = createOptionsSchema(io.cwd);
  const given = {
    project: args.dir as string | undefined,
    template: args.template as string | undefined,
    db: args.db as string | undefined,
    email: args.email as string | undefined,
    install: args.install as boolean | undefined,
    git: args.git as boolean | undefined,
    sdk: (args['sdk-version'] as string | undefined) ?? DEFAULT_SDK_VERSION,
  };
  const defaults = { template: 'demo', db: 'pglite', email: 'outbox', install: true, git: true };
  const prompting = io.interactive && !args.yes;
  if (!prompting && given.project === undefined && !args.yes) {
    throw new UsageError('no project folder given: create-sv-sdk <dir> (or --yes for ./sv-sdk-app)');
  }
  // Every flag given is checked before any question is asked.
  check(schema, {
    ...defaults,
    ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)),
    project: given.project ?? 'sv-sdk-app',
  });

  const answers: Record<string, unknown> = { ...given };
  if (prompting) {
    prompts.intro('create-sv-sdk');
    if (answers.project === undefined) {
      const value = await prompts.text({
        message: 'Where should the app go?',
        placeholder: './my-app',
        defaultValue: 'my-app',
        validate: (text) => {
          const result = projectDirSchema.safeParse(text || 'my-app');
          if (!result.success) return firstProblem(result.error);
          return targetProblem(resolve(io.cwd, result.data.dir), result.data.dir);
        },
      });
      if (cancelled(value)) return 1;
      answers.project = value || 'my-app';
    }
    if (answers.template === undefined) {
      const value = await prompts.select({
        message: 'Template',
        options: [
          ...TEMPLATES.map((name) => ({ value: name as string, label: name, hint: TEMPLATE_DESCRIPTIONS[name] })),
          { value: 'admin', label: 'admin', hint: 'not available yet', disabled: true },
        ],
        initialValue: 'demo',
      });
      if (cancelled(value)) return 1;
      answers.template = value;
    }
    if (answers.db === undefined) {
      const value = await prompts.select({
        message: 'Database',
        options: [
          { value: 'pglite', label: 'PGlite', hint: 'embedded PostgreSQL: nothing to install' },
          { value: 'postgres', label: 'PostgreSQL', hint: 'DATABASE_URL; Redis optional' },
        ],
        initialValue: 'pglite',
      });
      if (cancelled(value)) return 1;
      answers.db = value;
    }
    if (answers.email === undefined) {
      const value = await prompts.select({
        message: 'Email',
        options: [
          { value: 'outbox', label: 'outbox', hint: 'stored; links printed in development' },
          ...['brevo', 'ses', 'smtp'].map((name) => ({
            value: name,
            label: name,
            hint: 'not available yet',
            disabled: true,
          })),
        ],
        initialValue: 'outbox',
      });
      if (cancelled(value)) return 1;
      answers.email = value;
    }
    const pm = detectPackageManager();
    if (answers.install === undefined) {
      const value = await prompts.confirm({ message: `Install the dependencies with ${pm}?`, initialValue: true });
      if (cancelled(value)) return 1;
      answers.install = value;
    }
    if (answers.git === undefined) {
      const value = await prompts.confirm({ message: 'Create a git repository?', initialValue: true });
      if (cancelled(value)) return 1;
      answers.git = value;
    }
  }
  const options = check(schema, {
    ...defaults,
    ...Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== undefined)),
    project: answers.project ?? 'sv-sdk-app',
  });

  const reporter = reporterFor(io);
  const result = await createApp(options, io.cwd, reporter);
  const folder = relative(io.cwd, result.root) || '.';
  const next = [
    ...(folder === '.' ? [] : [`cd ${folder}`]),
    ...(result.installed ? [] : [installCommand(result.packageManager)]),
    `${runCommand(result.packageManager)} dev`,
  ];
  const summary = `Next:\n${next.map((line) => `  ${line}`).join('\n')}\nThen open http://localhost:5173 and sign up (README.md says the rest).`;
  if (io.interactive) prompts.outro(summary);
  else io.out(summary);
  return result.failed ? 1 : 0;
}

async function addCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parse(argv, ADD_ARGS, 0);
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  const options = check(addOptionsSchema(io.cwd), {
    cwd: (args.cwd as string | undefined) ?? '.',
    install: (args.install as boolean | undefined) ?? false,
    sdk: (args['sdk-version'] as string | undefined) ?? DEFAULT_SDK_VERSION,
  });
  const plan = planAdd(options.cwd, options.sdk);
  if (plan.refused.length > 0) {
    for (const reason of plan.refused) io.err(`create-sv-sdk add: ${reason}`);
    io.err('Nothing was changed.');
    return 1;
  }
  applyAddPlan(plan);
  for (const change of plan.changes) io.out(`${change.before === undefined ? 'created' : 'updated'}  ${change.path}`);
  for (const note of plan.notes) io.out(`note: ${note}`);
  if (plan.changes.length === 0) {
    io.out('sv-sdk is already set up here: nothing to change.');
    return 0;
  }
  const pm = detectPackageManager();
  if (options.install) {
    const code = await run(pm, ['install'], options.cwd);
    if (code !== 0) {
      io.err(`create-sv-sdk add: ${installCommand(pm)} failed (exit ${code})`);
      return 1;
    }
  } else if (plan.changes.some((change) => change.path === 'package.json')) {
    io.out(`Next: ${installCommand(pm)}, then ${runCommand(pm)} dev (svSdk() writes the auth pages into src/routes).`);
  }
  return 0;
}
