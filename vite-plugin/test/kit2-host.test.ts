// A plain SvelteKit 2 app (2.63 on Vite 8 with adapter-node 5, the shape `npx sv create` makes today) gets sv-sdk
// from `create-sv-sdk add` (the sv-sdk packages linked from this workspace), is installed, built, started with
// `node build` and used over HTTP: the injected pages render, a guard's redirect and a form action work, sign-up
// and sign-in answer. Outside the workspace (a temporary folder), so the app resolves its own SvelteKit 2.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const workspace = resolve(import.meta.dirname, '..', '..');
const root = mkdtempSync(join(tmpdir(), 'sv-sdk-kit2-'));
let server: ChildProcess | undefined;
afterAll(() => {
  server?.kill();
  rmSync(root, { recursive: true, force: true });
});

const demo = (await import('../../examples/demo/package.json', { with: { type: 'json' } })).default as {
  dependencies: Record<string, string>;
};

function write(files: Record<string, string>) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('sv-sdk added to a SvelteKit 2 app', () => {
  it('create-sv-sdk add, then install, build and serve the injected pages, guards and actions', async () => {
    // The app as its author has it: SvelteKit 2, adapter-node 5, no sv-sdk yet.
    write({
      'package.json': JSON.stringify({
        name: 'kit2-host',
        private: true,
        type: 'module',
        devDependencies: {
          '@sveltejs/adapter-node': '^5.2.0',
          '@sveltejs/kit': '~2.63.0',
          '@sveltejs/vite-plugin-svelte': '^7.1.2',
          svelte: '^5.57.3',
          vite: '^8.0.16',
        },
      }),
      'vite.config.ts': [
        "import adapter from '@sveltejs/adapter-node';",
        "import { sveltekit } from '@sveltejs/kit/vite';",
        "import { defineConfig } from 'vite';",
        '',
        'export default defineConfig({',
        '\tplugins: [sveltekit({ adapter: adapter() })]',
        '});',
        '',
      ].join('\n'),
      'src/app.html':
        '<!doctype html><html><head>%sveltekit.head%</head><body><div>%sveltekit.body%</div></body></html>\n',
      'src/routes/+page.svelte': '<h1>home</h1>\n',
      // Its own workspace root, trusting the same dependency build scripts as this repository (argon2, esbuild…).
      'pnpm-workspace.yaml': readFileSync(join(workspace, 'pnpm-workspace.yaml'), 'utf8').replace(
        /^packages:[\s\S]*?\n\n/m,
        '',
      ),
    });
    run('node', [
      join(workspace, 'create-sv-sdk', 'bin', 'create-sv-sdk.js'),
      'add',
      '--sdk-version',
      `link:${workspace}`,
    ]);
    expect(readFileSync(join(root, 'vite.config.ts'), 'utf8')).toMatch(/plugins: \[svSdk\(\), sveltekit\(/);
    expect(readFileSync(join(root, 'src', 'hooks.server.ts'), 'utf8')).toContain('virtual:sv-sdk/server');
    const added = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(added.dependencies)).toEqual(expect.arrayContaining(Object.keys(demo.dependencies)));
    run('pnpm', ['install', '--prefer-offline', '--config.confirm-modules-purge=false']);
    expect(run('node', ['-p', "require('@sveltejs/kit/package.json').version"]).trim()).toMatch(/^2\.63\./);
    run('pnpm', ['exec', 'vite', 'build']);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = spawn('node', ['build'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        ORIGIN: base,
        BETTER_AUTH_SECRET: 'kit2-host-secret-kit2-host-secret-0123456',
        AUTH_REQUIRE_EMAIL_VERIFICATION: 'false',
        SV_SDK_DATA_DIR: 'memory://',
        DB_MIGRATE_ON_START: 'true',
        LOG_LEVEL: 'error',
        DATABASE_URL: '',
        REDIS_URL: '',
      },
      stdio: 'ignore',
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = await fetch(`${base}/login`)
        .then((response) => response.status)
        .catch(() => 0);
      if (ready === 200) break;
      if (Date.now() > deadline) throw new Error('the Kit 2 app did not answer /login');
      await new Promise((done) => setTimeout(done, 250));
    }

    const login = await fetch(`${base}/login`, { headers: { accept: 'text/html' } });
    expect(await login.text()).toContain('name="password"');
    const guarded = await fetch(`${base}/profile`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(guarded.status).toBe(303);
    expect(guarded.headers.get('location')).toBe('/login?redirectTo=%2Fprofile');

    const account = { email: 'kit2@example.com', password: 'violet-harbour-quantum-47-tundra', name: 'Kit Two' };
    const signUp = await fetch(`${base}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/json' },
      body: JSON.stringify(account),
    });
    expect(signUp.status).toBe(200);
    // The form action of the injected page, as a browser without JavaScript posts it.
    const signIn = await fetch(`${base}/login?/login`, {
      method: 'POST',
      headers: { origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: account.email, password: account.password }),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers
      .getSetCookie()
      .map((header) => header.split(';')[0])
      .join('; ');
    const profile = await fetch(`${base}/profile`, { headers: { accept: 'text/html', cookie } });
    expect(profile.status).toBe(200);
    expect(await profile.text()).toContain(account.email);
  }, 300_000);
});
