// The scaffolder end to end: the real bin writes an app (sv-sdk packages linked to this checkout), pnpm installs it
// from the store, `vite build` builds it, `node build` serves it; then sign-up and sign-in over HTTP. Prints the time
// from starting the scaffold to `/login` answering (the figure; target ≤ 60 s with the packages in the store).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Inside the package (gitignored), as the brief of the issue asks: pnpm resolves the app's own dependencies from
// the store; the @sv-sdk packages are `link:`s to this checkout.
const appsDir = join(import.meta.dirname, '..', '.test-apps');
const BIN = join(import.meta.dirname, '..', 'bin', 'create-sv-sdk.js');
const REPO = join(import.meta.dirname, '..', '..');
afterAll(() => {
  if (!process.env.KEEP_TEST_APPS) rmSync(appsDir, { recursive: true, force: true });
});

interface Exec {
  code: number;
  output: string;
}

/** Runs a command to its end; the output (stdout + stderr) comes back for the failure message. */
function exec(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Exec> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: 127, output: `${output}${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function ok(step: string, run: Promise<Exec>): Promise<void> {
  const result = await run;
  if (result.code !== 0) throw new Error(`${step} failed (exit ${result.code}):\n${result.output.slice(-4000)}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const demoVersions = (
  JSON.parse(readFileSync(join(REPO, 'examples', 'demo', 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  }
).devDependencies;

const PNPM_ENV = {
  // pnpm create sets this: the scaffolder writes pnpm's settings (the dependencies' allowed build scripts).
  npm_config_user_agent: 'pnpm/12 npm/? node/v22',
  PNPM_CONFIG_PM_ON_FAIL: 'ignore',
};

async function scaffold(name: string, template: 'minimal' | 'demo'): Promise<string> {
  mkdirSync(appsDir, { recursive: true });
  const dir = `${name}-${randomBytes(3).toString('hex')}`;
  const args = [BIN, dir, '--template', template, '--db', 'pglite', '--email', 'outbox', '--no-git', '--yes'];
  await ok(
    'create-sv-sdk',
    exec(process.execPath, [...args, '--no-install', '--sdk-version', `link:${REPO}`], appsDir, PNPM_ENV),
  );
  const root = join(appsDir, dir);
  await ok('pnpm install', exec('pnpm', ['install', '--prefer-offline'], root, PNPM_ENV));
  return root;
}

interface Server {
  origin: string;
  child: ChildProcess;
  log: () => string;
}

async function start(root: string): Promise<Server> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(process.execPath, ['build'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      ORIGIN: origin,
      PORT: String(port),
      HOST: '127.0.0.1',
      BETTER_AUTH_SECRET: randomBytes(32).toString('base64'),
      AUTH_REQUIRE_EMAIL_VERIFICATION: 'false',
      SV_SDK_DATA_DIR: 'memory://',
      DB_MIGRATE_ON_START: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  return { origin, child, log: () => log };
}

async function stop(server: Server | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Polls until `path` answers (any status), for up to 60 s; returns the first answer. */
async function firstAnswer(server: Server, path: string): Promise<Response> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.child.exitCode !== null)
      throw new Error(`node build exited (${server.child.exitCode}):\n${server.log()}`);
    try {
      return await fetch(`${server.origin}${path}`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${path} never answered:\n${server.log()}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Sign-up then sign-in through better-auth's JSON endpoints; the session cookie. */
async function signUpAndIn(server: Server, name: string): Promise<string> {
  const email = `${name.toLowerCase()}-${randomBytes(3).toString('hex')}@example.com`;
  const password = `Quartz-${randomBytes(6).toString('hex')}-Harbor`;
  const headers = { 'content-type': 'application/json', origin: server.origin };
  const signUp = await fetch(`${server.origin}/api/auth/sign-up/email`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name, email, password }),
  });
  expect(signUp.status, await signUp.clone().text()).toBe(200);
  expect(((await signUp.json()) as { user: { email: string } }).user.email).toBe(email);

  const signIn = await fetch(`${server.origin}/api/auth/sign-in/email`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ email, password }),
  });
  expect(signIn.status, await signIn.clone().text()).toBe(200);
  const session = signIn.headers.getSetCookie().find((cookie) => /session_token=[^;]+/.test(cookie));
  expect(session, signIn.headers.getSetCookie().join('\n')).toBeDefined();
  return (session ?? '').split(';')[0] ?? '';
}

describe('create-sv-sdk → pnpm install → vite build → node build', () => {
  it('minimal: /login serves the sign-in form, /ready is up, sign-up and sign-in work (and the time to /login)', async () => {
    const started = performance.now();
    const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);
    const root = await scaffold('minimal', 'minimal');
    const installed = performance.now();
    await ok('vite build', exec('pnpm', ['run', 'build'], root, PNPM_ENV));
    const built = performance.now();
    let server: Server | undefined;
    try {
      server = await start(root);
      const login = await firstAnswer(server, '/login');
      const total = seconds(started);
      console.log(
        `scaffold → /login answering: ${total} s (scaffold + install ${((installed - started) / 1000).toFixed(1)} s, ` +
          `vite build ${((built - installed) / 1000).toFixed(1)} s, node build to /login ${seconds(built)} s)`,
      );
      expect(login.status, server.log()).toBe(200);
      const html = await login.text();
      expect(html).toMatch(/<form[^>]*method="POST"[^>]*action="\?\/login"/);
      expect(html).toContain('name="email"');
      expect(html).toContain('name="password"');

      const ready = await fetch(`${server.origin}/ready`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { status: string }).status).toBe('ok');

      const cookie = await signUpAndIn(server, 'Ada');
      const home = await fetch(`${server.origin}/`, { headers: { cookie } });
      expect(home.status).toBe(200);
      expect(await home.text()).toMatch(/Signed in as ada-[0-9a-f]+@example\.com/);
    } finally {
      await stop(server);
    }
  }, 300_000);

  it('demo: type checks, its own test passes, /dashboard asks to sign in, and the app plugin hears user.created', async () => {
    const root = await scaffold('demo', 'demo');
    await ok('pnpm run check (svelte-check)', exec('pnpm', ['run', 'check'], root, PNPM_ENV));
    await ok('pnpm test (the app’s vitest)', exec('pnpm', ['test'], root, PNPM_ENV));
    await ok('vite build', exec('pnpm', ['run', 'build'], root, PNPM_ENV));
    let server: Server | undefined;
    try {
      server = await start(root);
      const signedOut = await firstAnswer(server, '/dashboard');
      expect(signedOut.status, server.log()).toBe(303);
      expect(signedOut.headers.get('location')).toBe('/login?redirectTo=%2Fdashboard');

      const cookie = await signUpAndIn(server, 'Grace');
      const dashboard = await fetch(`${server.origin}/dashboard`, { headers: { cookie, accept: 'text/html' } });
      expect(dashboard.status).toBe(200);
      expect(await dashboard.text()).toContain('Hello, Grace');
      expect(server.log()).toMatch(/"plugin":"app\.welcome"[^\n]*"msg":"welcome, Grace"/);
    } finally {
      await stop(server);
    }
  }, 300_000);

  it('add: a plain SvelteKit 3 app with a handle of its own gets sv-sdk, builds, serves /login, keeps its handle', async () => {
    mkdirSync(appsDir, { recursive: true });
    const root = join(appsDir, `existing-${randomBytes(3).toString('hex')}`);
    const devDependencies = [
      '@sveltejs/adapter-node',
      '@sveltejs/kit',
      '@sveltejs/vite-plugin-svelte',
      'svelte',
      'vite',
    ];
    const app: Record<string, string> = {
      'package.json': `${JSON.stringify(
        {
          name: 'existing',
          private: true,
          type: 'module',
          scripts: { build: 'vite build' },
          devDependencies: Object.fromEntries(devDependencies.map((name) => [name, demoVersions[name] ?? 'latest'])),
        },
        null,
        '\t',
      )}\n`,
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
        '<!doctype html>\n<html lang="en">\n\t<head>%sveltekit.head%</head>\n\t<body>%sveltekit.body%</body>\n</html>\n',
      'src/hooks.server.ts': [
        "import type { Handle } from '@sveltejs/kit';",
        '',
        'export const handle: Handle = async ({ event, resolve }) => {',
        '\tconst response = await resolve(event);',
        "\tresponse.headers.set('x-app-handle', 'ran');",
        '\treturn response;',
        '};',
        '',
      ].join('\n'),
      'src/routes/+page.svelte': '<h1>An app of its own</h1>\n',
      // What `add` tells a pnpm user to do: pnpm 12 runs no dependency's build script it was not told to.
      'pnpm-workspace.yaml': readFileSync(
        join(import.meta.dirname, '..', 'templates', 'pnpm', 'pnpm-workspace.yaml'),
        'utf8',
      ),
    };
    for (const [path, content] of Object.entries(app)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    await ok(
      'create-sv-sdk add',
      exec(process.execPath, [BIN, 'add', '--sdk-version', `link:${REPO}`], root, PNPM_ENV),
    );
    await ok('pnpm install', exec('pnpm', ['install', '--prefer-offline'], root, PNPM_ENV));
    await ok('vite build', exec('pnpm', ['run', 'build'], root, PNPM_ENV));
    let server: Server | undefined;
    try {
      server = await start(root);
      const login = await firstAnswer(server, '/login');
      expect(login.status, server.log()).toBe(200);
      expect(await login.text()).toContain('name="password"');
      // The app's own handle runs after sv-sdk's: its header is on the page, beside sv-sdk's request id.
      const home = await fetch(`${server.origin}/`);
      expect(home.status).toBe(200);
      expect(home.headers.get('x-app-handle')).toBe('ran');
      expect(home.headers.get('x-request-id')).toBeTruthy();
      await signUpAndIn(server, 'Linus');
    } finally {
      await stop(server);
    }
  }, 300_000);
});
