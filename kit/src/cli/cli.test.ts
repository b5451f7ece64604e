// The `sv-sdk` binary as a user runs it (a child process in an app folder with its sv-sdk.config.ts), on PGlite or,
// with SV_SDK_TEST_DB=postgres, on a scratch PostgreSQL database.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendToChain } from '../audit/chain.ts';
import { pendingEntry } from '../audit/fixtures/entries.ts';
import { authPlugin } from '../auth/plugin.ts';
import { verifyPassword } from '../auth/password-hash.ts';
import { account, user } from '../auth/schema.ts';
import { createSDK, type SDK } from '../core/sdk.ts';
import { securityPlugin } from '../security/plugin.ts';
import { testDatabaseKind } from '../testing/database.ts';
import { createScratchPostgresDatabase, type ScratchPostgresDatabase } from '../testing/postgres.ts';

const KIT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(KIT, 'bin', 'sv-sdk.js');
const engine = testDatabaseKind();

const APP_CONFIG = `import { defineConfig } from '@sv-sdk/kit';
import { authPlugin } from '@sv-sdk/kit/auth';
import { securityPlugin } from '@sv-sdk/kit/security';

export default defineConfig({ plugins: [securityPlugin(), authPlugin()] });
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** An app folder: `node_modules/@sv-sdk/kit` linked to this kit (as pnpm links a workspace package) and `files`. */
function appFolder(root: string, name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'node_modules', '@sv-sdk'), { recursive: true });
  symlinkSync(KIT, join(dir, 'node_modules', '@sv-sdk', 'kit'), 'dir');
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

// Each run is a fresh Node process (1-3 s of start-up, more on a busy machine): generous per-test time.
describe(`sv-sdk CLI with the app's sv-sdk.config.ts (${engine})`, { timeout: 120_000 }, () => {
  let root: string;
  let app: string;
  let scratch: ScratchPostgresDatabase | undefined;
  /** The database of the app: a scratch PostgreSQL database, or PGlite's default folder inside the app. */
  let databaseEnv: Record<string, string>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'sv-sdk-cli-'));
    app = appFolder(root, 'app', { 'sv-sdk.config.ts': APP_CONFIG });
    if (engine === 'postgres') {
      scratch = await createScratchPostgresDatabase();
      databaseEnv = { DATABASE_URL: scratch.url };
    } else {
      databaseEnv = {};
    }
  });
  afterAll(async () => {
    await scratch?.drop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
    const env: Record<string, string | undefined> = {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      ...databaseEnv,
      ...options.env,
    };
    for (const name of ['REDIS_URL', 'SV_SDK_ADMIN_EMAIL', 'SV_SDK_ADMIN_PASSWORD', 'SV_SDK_DATA_DIR']) {
      if (!options.env?.[name]) delete env[name];
    }
    if (env.DATABASE_URL === undefined || (!databaseEnv.DATABASE_URL && options.env?.DATABASE_URL === undefined)) {
      delete env.DATABASE_URL;
    }
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        { cwd: options.cwd ?? app, env, timeout: 60_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  /** The app's SDK in this process, on the app's database (after the child process has exited). */
  async function withAppSDK<T>(fn: (sdk: SDK) => Promise<T>): Promise<T> {
    const sdk = await createSDK({
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        SV_SDK_DATA_DIR: join(app, '.sv-sdk', 'data'),
        DB_MIGRATE_ON_START: 'false',
        ...databaseEnv,
      },
      plugins: [securityPlugin(), authPlugin()],
    });
    try {
      return await fn(sdk);
    } finally {
      await sdk.close();
    }
  }

  async function admins(sdk: SDK, email = 'admin@example.com') {
    return sdk.db.drizzle
      .select({
        id: user.id,
        role: user.role,
        emailVerified: user.emailVerified,
        updatedAt: user.updatedAt,
        hash: account.password,
      })
      .from(user)
      .innerJoin(account, and(eq(account.userId, user.id), eq(account.providerId, 'credential')))
      .where(eq(user.email, email));
  }

  it('db migrate, then db seed creates the admin with a generated password that signs in; a second seed changes nothing', async () => {
    const migrated = await run(['db', 'migrate']);
    expect(migrated.stderr).toBe('');
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toMatch(
      /✓ .*: 6 applied \(0000_initial, 0001_auth, 0002_auth_session_lookup, 0003_jobs_outbox, 0004_permissions, 0005_audit\)/,
    );
    // PGlite's folder is relative to the working directory: the app's own, as for its dev server.
    if (engine === 'pglite') expect(existsSync(join(app, '.sv-sdk', 'data'))).toBe(true);

    const seeded = await run(['db', 'seed']);
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toContain('1 seeds ran (auth.admin-user)');
    const password = /Generated password \(shown once, change it after signing in\): (\S+)/.exec(seeded.stdout)?.[1];
    expect(password).toMatch(/^[\w-]{24}$/);

    const first = await withAppSDK(async (sdk) => {
      const rows = await admins(sdk);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ role: 'admin', emailVerified: true });
      expect(await verifyPassword({ hash: rows[0]?.hash ?? '', password: password ?? '' })).toBe(true);
      const signedIn = await sdk
        .service('auth')
        .api.signInEmail({ body: { email: 'admin@example.com', password: password ?? '' } });
      expect(signedIn.user.email).toBe('admin@example.com');
      return rows[0];
    });

    const again = await run(['db', 'seed']);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('Generated password');
    await withAppSDK(async (sdk) => {
      expect(await admins(sdk)).toEqual([first]);
      expect(await sdk.db.drizzle.select({ id: user.id }).from(user).where(eq(user.role, 'admin'))).toHaveLength(1);
    });
  });

  it('audit verify: exit 0 while the chain holds, 1 with the first broken link after a rewrite', async () => {
    expect((await run(['db', 'migrate'])).code).toBe(0);
    const entry = (action: string) => pendingEntry({ action });
    await withAppSDK((sdk) => appendToChain(sdk.db, 'cli-test', [entry('one.done'), entry('two.done')]));
    const holds = await run(['audit', 'verify', '--chain', 'cli-test']);
    expect(holds.code).toBe(0);
    expect(holds.stdout).toMatch(/✓ .*: audit chain "cli-test" holds \(2 entries\)/);
    await withAppSDK((sdk) =>
      sdk.db.transaction(async () => {
        await sdk.db.query(sql`set local sv_sdk.audit_maintenance = 'on'`);
        await sdk.db.query(sql`update audit.entries set action = 'rewritten' where chain = 'cli-test' and seq = 2`);
      }),
    );
    const broken = await run(['audit', 'verify', '--chain', 'cli-test', '--json']);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, checked: 1, firstBroken: { seq: 2, reason: 'hash' } });
  });

  it('with SV_SDK_ADMIN_EMAIL and SV_SDK_ADMIN_PASSWORD the admin gets that password and nothing is printed', async () => {
    const password = 'correct horse battery staple 42';
    const seeded = await run(['db', 'seed'], {
      env: { SV_SDK_ADMIN_EMAIL: 'ops@example.com', SV_SDK_ADMIN_PASSWORD: password },
    });
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).not.toContain('Generated password');
    expect(seeded.stdout + seeded.stderr).not.toContain(password);
    await withAppSDK(async (sdk) => {
      const [row] = await admins(sdk, 'ops@example.com');
      expect(row?.role).toBe('admin');
      expect(await verifyPassword({ hash: row?.hash ?? '', password })).toBe(true);
    });
  });

  it("reads the app's .env (as vite dev does); the environment wins over it", async () => {
    const password = 'amber-Glacier-pocket-61?';
    writeFileSync(
      join(app, '.env'),
      `SV_SDK_ADMIN_EMAIL=dotenv@example.com\nSV_SDK_ADMIN_PASSWORD=${password}\nLOG_LEVEL=debug\n`,
    );
    try {
      const seeded = await run(['db', 'seed']);
      expect(seeded.code).toBe(0);
      // LOG_LEVEL=warn from the environment beat the file's debug: no debug lines.
      expect(seeded.stdout + seeded.stderr).not.toMatch(/"level":20/);
      await withAppSDK(async (sdk) => {
        const [row] = await admins(sdk, 'dotenv@example.com');
        expect(row?.role).toBe('admin');
        expect(await verifyPassword({ hash: row?.hash ?? '', password })).toBe(true);
      });
    } finally {
      rmSync(join(app, '.env'));
    }
  });

  it('--config points elsewhere; a missing one exits 1 with the path, no stack', async () => {
    const elsewhere = appFolder(root, 'elsewhere', { 'ops.config.ts': APP_CONFIG });
    const status = await run(['db', 'status', '--config', join(elsewhere, 'ops.config.ts')]);
    expect(status.stderr).toBe('');
    expect(status.stdout).toContain('✓ 0001_auth');
    expect(status.code).toBe(0);

    const missing = await run(['db', 'seed', '--config', 'nope.config.ts']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`✗ [sv-sdk] Config file not found: ${join(app, 'nope.config.ts')}`);
  });

  it('a config that throws or exports garbage exits 1 naming the file and the problem, no stack', async () => {
    const bad = appFolder(root, 'bad', {
      'throws.config.ts': `import { defineConfig } from '@sv-sdk/kit';\nthrow new Error('PAYMENT_KEY is not set');\nexport default defineConfig({});\n`,
      'garbage.config.mjs': `export default { plugins: [{ name: 'x' }], databse: 'typo' };\n`,
    });
    const thrown = await run(['health', '--config', 'throws.config.ts'], { cwd: bad });
    expect(thrown.code).toBe(1);
    expect(thrown.stdout).toBe('');
    expect(thrown.stderr.trim()).toBe('✗ [sv-sdk] throws.config.ts could not be loaded: PAYMENT_KEY is not set');

    const garbage = await run(['db', 'migrate', '--config', 'garbage.config.mjs'], { cwd: bad });
    expect(garbage.code).toBe(1);
    expect(garbage.stderr.trim().split('\n')).toEqual([
      '✗ [sv-sdk] garbage.config.mjs is not a valid sv-sdk config:',
      '  - plugins.0.setup: expected setup to be a function',
      '  - (default export): Unrecognized key: "databse"',
    ]);
  });

  it('without a config file only the foundation runs, and one line says so', async () => {
    const bare = join(root, 'bare');
    mkdirSync(bare);
    const status = await run(['db', 'status'], { cwd: bare, env: { DATABASE_URL: '', SV_SDK_DATA_DIR: 'memory://' } });
    expect(status.stdout).toContain('6 pending: run `sv-sdk db migrate`');
    expect(status.code).toBe(1);
    expect(status.stderr.trim()).toBe(
      `[sv-sdk] No sv-sdk.config.ts in ${bare}: only the foundation plugins (db, cache, jobs) run. Use --config <path> to point at the app's.`,
    );
  });

  it('a config Node cannot import as written (extensionless import, enum) loads through jiti; its values apply', async () => {
    const dir = appFolder(root, 'jiti', {
      'sv-sdk.config.ts': `import { dataDir } from './settings';

enum Level { Quiet = 'error' }

export default { plugins: [{ name: 'app', setup() {} }], config: { SV_SDK_DATA_DIR: dataDir, LOG_LEVEL: Level.Quiet } };
`,
      'settings.ts': `export const dataDir: string = 'memory://';\n`,
    });
    // The config's SV_SDK_DATA_DIR wins over the environment's (an empty DATABASE_URL is unset): PGlite in memory.
    const status = await run(['db', 'status'], { cwd: dir, env: { DATABASE_URL: '', SV_SDK_DATA_DIR: 'ignored' } });
    expect(status.stderr).toBe('');
    expect(status.stdout.split('\n')[0]).toBe('PGlite memory://');
    expect(status.stdout).toContain('6 pending');
  });
});
