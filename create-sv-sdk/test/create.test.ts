// `create-sv-sdk <dir>` without installing: flag validation (one line, exit 1), the files each template writes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.ts';

const scratch = mkdtempSync(join(tmpdir(), 'create-sv-sdk-create-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const BIN = join(import.meta.dirname, '..', 'bin', 'create-sv-sdk.js');
const REPO = join(import.meta.dirname, '..', '..');

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    cwd: scratch,
    interactive: false,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err };
}

function files(root: string, dir = ''): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(root, join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('create-sv-sdk: flags', () => {
  it.each([
    [['app', '--template', 'nope'], 'create-sv-sdk: --template must be one of demo, minimal (got "nope")'],
    [
      ['app', '--template', 'admin'],
      'create-sv-sdk: the admin template is not available yet (the admin panel comes in a later sv-sdk release): use --template demo or minimal',
    ],
    [['app', '--db', 'mysql'], 'create-sv-sdk: --db must be one of pglite, postgres (got "mysql")'],
    [
      ['app', '--email', 'brevo'],
      'create-sv-sdk: --email brevo is not available yet: the only email provider today is outbox (mails stored, links printed in development)',
    ],
    [['app', '--email', 'pigeon'], 'create-sv-sdk: --email must be one of outbox (got "pigeon")'],
    [['app', '--template'], 'create-sv-sdk: --template must be one of demo, minimal (no value given)'],
    [
      ['My App', '--yes'],
      'create-sv-sdk: "My App" cannot be a package name: use lowercase letters, digits and - . _ ~ (not first: . or _)',
    ],
    [['app', '--tempalte', 'demo'], 'create-sv-sdk: unknown option --tempalte (see --help)'],
    [['app', 'other'], 'create-sv-sdk: unexpected argument "other" (see --help)'],
    [
      ['app', '--sdk-version', 'whatever!'],
      'create-sv-sdk: --sdk-version must be a version (^0.1.0), a dist-tag (latest) or link:<sv-sdk checkout> (got "whatever!")',
    ],
    [['--no-install'], 'create-sv-sdk: no project folder given: create-sv-sdk <dir> (or --yes for ./sv-sdk-app)'],
    [['add', '--cwd', 'missing-folder'], 'create-sv-sdk: --cwd missing-folder: no such folder'],
  ])('%j → exit 1, one line', async (argv, message) => {
    const result = await run(...argv);
    expect(result).toEqual({ code: 1, out: [], err: [message] });
  });

  it('the real bin: an error is one line on stderr and exit code 1, never a stack trace; --help exits 0', () => {
    const bad = spawnSync(process.execPath, [BIN, 'app', '--db', 'sqlite'], { cwd: scratch, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('create-sv-sdk: --db must be one of pglite, postgres (got "sqlite")\n');
    expect(bad.stdout).toBe('');
    const help = spawnSync(process.execPath, [BIN, '--help'], { cwd: scratch, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--template demo|minimal');
    expect(help.stdout).not.toContain('sdk-version');
  });

  it('refuses a folder that is not empty, and writes nothing into it', async () => {
    mkdirSync(join(scratch, 'taken'));
    writeFileSync(join(scratch, 'taken', 'notes.txt'), 'mine\n');
    const result = await run('taken', '--yes', '--no-install', '--no-git');
    expect(result.code).toBe(1);
    expect(result.err).toEqual(['create-sv-sdk: taken is not empty (1 entries): choose a new folder']);
    expect(readdirSync(join(scratch, 'taken'))).toEqual(['notes.txt']);
  });
});

describe('create-sv-sdk: the files', () => {
  it('minimal + pglite: the base files, every placeholder filled, published versions by default', async () => {
    const result = await run(
      'min-app',
      '--template',
      'minimal',
      '--db',
      'pglite',
      '--email',
      'outbox',
      '--no-install',
      '--no-git',
    );
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    const root = join(scratch, 'min-app');
    const written = files(root).sort();
    expect(written).toEqual(
      [
        '.env.example',
        '.gitignore',
        'README.md',
        'package.json',
        'src/app.css',
        'src/app.d.ts',
        'src/app.html',
        'src/hooks.server.ts',
        'src/routes/+layout.server.ts',
        'src/routes/+layout.svelte',
        'src/routes/+page.svelte',
        'sv-sdk.config.ts',
        'tests/sv-sdk-config.test.ts',
        'tsconfig.json',
        'vite.config.ts',
        'vitest.config.ts',
        // Written for pnpm only (vitest runs under pnpm here): pnpm 12 fails on dependencies' unapproved builds.
        ...(process.env.npm_config_user_agent?.startsWith('pnpm') ? ['pnpm-workspace.yaml'] : []),
      ].sort(),
    );
    for (const file of written) expect(readFileSync(join(root, file), 'utf8'), file).not.toMatch(/__[A-Z][A-Z0-9_]*__/);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    expect(manifest.name).toBe('min-app');
    expect(manifest.dependencies?.['@sv-sdk/kit']).toBe('^0.1.0');
    expect(manifest.devDependencies?.['@sv-sdk/vite-plugin']).toBe('^0.1.0');
    expect(readFileSync(join(root, 'vite.config.ts'), 'utf8')).toContain(
      "import { adapter } from '@sv-sdk/kit/adapter-node';",
    );
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toMatch(
      /^node_modules\n\/build\n\/\.svelte-kit\n\/\.sv-sdk\n\.env\n/,
    );
    expect(readFileSync(join(root, '.env.example'), 'utf8')).toContain('\nSV_SDK_DATA_DIR=.sv-sdk/data\n');
    expect(existsSync(join(root, 'src/routes/(auth)'))).toBe(false);
    expect(existsSync(join(root, '.git'))).toBe(false);
  });

  it('demo + postgres, linked to this checkout: the dashboard, the app plugin, DATABASE_URL', async () => {
    const result = await run(
      'demo-app',
      '--template',
      'demo',
      '--db',
      'postgres',
      '--yes',
      '--no-install',
      '--no-git',
      '--sdk-version',
      `link:${REPO}`,
    );
    expect(result.code).toBe(0);
    const root = join(scratch, 'demo-app');
    expect(files(root)).toEqual(
      expect.arrayContaining(['src/routes/dashboard/+page.server.ts', 'src/routes/dashboard/+page.svelte']),
    );
    expect(readFileSync(join(root, 'sv-sdk.config.ts'), 'utf8')).toContain("events.on('user.created'");
    expect(readFileSync(join(root, '.env.example'), 'utf8')).toContain(
      '\nDATABASE_URL=postgres://postgres:postgres@localhost:5432/demo_app\n',
    );
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('npx sv-sdk db migrate');
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    expect(manifest.dependencies?.['@sv-sdk/kit']).toBe(`link:${join(REPO, 'kit')}`);
    expect(manifest.dependencies?.['@sv-sdk/components']).toBe(`link:${join(REPO, 'components')}`);
    expect(manifest.devDependencies?.['@sv-sdk/vite-plugin']).toBe(`link:${join(REPO, 'vite-plugin')}`);
  });

  it('git: a repository with a first commit, unless the folder is inside one already', async () => {
    const git = spawnSync('git', ['--version']);
    if (git.status !== 0) return;
    const env = {
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const result = await run('git-app', '--template', 'minimal', '--yes', '--no-install');
      expect(result.code).toBe(0);
      const log = spawnSync('git', ['log', '--format=%s'], { cwd: join(scratch, 'git-app'), encoding: 'utf8' });
      expect(log.stdout).toBe('Initial commit from create-sv-sdk\n');
    } finally {
      process.env = saved;
    }
  });
});
