// `create-sv-sdk <dir>`: a new SvelteKit 3 app with sv-sdk, from templates/, then install and git when asked.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { CreateOptions } from './options.ts';
import { detectPackageManager, installCommand, run, runCommand, type PackageManager } from './package-manager.ts';
import { renderTemplate, TEMPLATES_DIR } from './templates.ts';
import { UsageError } from './errors.ts';

export interface Reporter {
  step(message: string): void;
  warn(message: string): void;
}

export const silentReporter: Reporter = { step() {}, warn() {} };

export interface CreateResult {
  root: string;
  files: string[];
  packageManager: PackageManager;
  installed: boolean;
  git: 'committed' | 'initialised' | 'skipped';
  /** Install (or anything else after the files were written) failed: the exit code should say so. */
  failed: boolean;
}

/** Why `dir` cannot receive a new app (it exists and holds something), or undefined. */
export function targetProblem(root: string, shown: string): string | undefined {
  if (!existsSync(root)) return undefined;
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return `${shown} exists and is not a folder`;
  }
  if (entries.length > 0) return `${shown} is not empty (${entries.length} entries): choose a new folder`;
  return undefined;
}

/** pnpm 12 fails an install whose dependencies' build scripts are not allowed: these are the app's. */
function pnpmWorkspaceFile(): string {
  return readFileSync(join(TEMPLATES_DIR, 'pnpm', 'pnpm-workspace.yaml'), 'utf8');
}

export async function createApp(
  options: CreateOptions,
  cwd: string,
  reporter: Reporter = silentReporter,
  packageManager: PackageManager = detectPackageManager(),
): Promise<CreateResult> {
  const root = resolve(cwd, options.project.dir);
  const shown = relative(cwd, root) || '.';
  const problem = targetProblem(root, shown);
  if (problem) throw new UsageError(problem);

  const files = renderTemplate({
    appName: options.project.name,
    template: options.template,
    db: options.db,
    email: options.email,
    sdk: options.sdk,
    run: runCommand(packageManager),
    install: installCommand(packageManager),
  });
  if (packageManager === 'pnpm') files.set('pnpm-workspace.yaml', pnpmWorkspaceFile());
  for (const [path, content] of files) {
    const target = join(root, ...path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  reporter.step(`Created ${shown}/ (template ${options.template}, ${options.db}, email ${options.email})`);

  let failed = false;
  let installed = false;
  if (options.install) {
    reporter.step(`Installing dependencies with ${packageManager}…`);
    const code = await run(packageManager, ['install'], root);
    installed = code === 0;
    if (!installed) {
      failed = true;
      reporter.warn(`${installCommand(packageManager)} failed (exit ${code}): run it again in ${shown}`);
    }
  }

  const git = options.git ? await initGit(root, reporter) : 'skipped';
  return { root, files: [...files.keys()], packageManager, installed, git, failed };
}

/** git init + first commit; nothing when git is missing or the folder is already inside a repository. */
async function initGit(root: string, reporter: Reporter): Promise<CreateResult['git']> {
  if ((await run('git', ['--version'], root, true)) !== 0) return 'skipped';
  if ((await run('git', ['rev-parse', '--is-inside-work-tree'], root, true)) === 0) {
    reporter.step('Inside a git repository already: no new one');
    return 'skipped';
  }
  if ((await run('git', ['init', '-q'], root, true)) !== 0) return 'skipped';
  const added = await run('git', ['add', '-A'], root, true);
  const committed =
    added === 0 && (await run('git', ['commit', '-q', '-m', 'Initial commit from create-sv-sdk'], root, true)) === 0;
  if (!committed) {
    reporter.warn('git repository created, but the first commit failed (set git user.name and user.email)');
    return 'initialised';
  }
  reporter.step('Initialised a git repository with a first commit');
  return 'committed';
}
