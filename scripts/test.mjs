// `pnpm test`: every suite of the workspace, in order, on PGlite and on the machine's PostgreSQL and Redis.
// Runs every step even after a failure, prints a summary, and exits non-zero when any step failed.
import { spawn } from 'node:child_process';

const only = process.argv.slice(2);
const steps = [
  { name: 'kit (PGlite)', cmd: 'pnpm', args: ['--filter', '@sv-sdk/kit', 'test'], env: { SV_SDK_TEST_DB: 'pglite' } },
  {
    name: 'kit (PostgreSQL + Redis)',
    cmd: 'pnpm',
    args: ['--filter', '@sv-sdk/kit', 'test'],
    env: { SV_SDK_TEST_DB: 'postgres' },
  },
  {
    name: 'vite-plugin (route injection, real vite builds)',
    cmd: 'pnpm',
    args: ['--filter', '@sv-sdk/vite-plugin', 'test'],
  },
  { name: 'create-sv-sdk (scaffolded app built and served)', cmd: 'pnpm', args: ['--filter', 'create-sv-sdk', 'test'] },
  { name: 'sv add-on (the real sv binary on sv create apps)', cmd: 'pnpm', args: ['--filter', '@sv-sdk/sv', 'test'] },
  { name: 'components', cmd: 'pnpm', args: ['--filter', '@sv-sdk/components', '--if-present', 'test'] },
  {
    name: 'stories (Storybook catalog: axe in light, dark, RTL + visual baselines)',
    cmd: 'pnpm',
    args: ['--filter', 'stories', '--if-present', 'test'],
  },
  {
    name: 'e2e (demo app in Chromium, with its visual baselines)',
    cmd: 'pnpm',
    args: ['--filter', 'e2e', '--if-present', 'test'],
  },
  {
    name: 'faults (own Redis and PostgreSQL killed under load)',
    cmd: 'pnpm',
    args: ['--filter', 'e2e', 'test:faults'],
  },
].filter((step) => only.length === 0 || only.some((word) => step.name.includes(word)));

/** Lines of a failed suite's output repeated under the summary, so the end of a CI log says why it failed. */
const TAIL_LINES = 40;

/** Runs a suite, passing its output through and keeping its last lines; resolves its exit status. */
function run(step) {
  return new Promise((resolve) => {
    const tail = [];
    const keep = (chunk) => {
      tail.push(...chunk.toString().split('\n'));
      if (tail.length > TAIL_LINES * 4) tail.splice(0, tail.length - TAIL_LINES);
    };
    const child = spawn(step.cmd, step.args, {
      stdio: ['inherit', 'pipe', 'pipe'],
      env: { ...process.env, ...step.env },
    });
    child.stdout.on('data', (chunk) => (process.stdout.write(chunk), keep(chunk)));
    child.stderr.on('data', (chunk) => (process.stderr.write(chunk), keep(chunk)));
    child.on('close', (status) =>
      resolve({ status, tail: tail.filter((line) => line.trim() !== '').slice(-TAIL_LINES) }),
    );
  });
}

const results = [];
for (const step of steps) {
  console.log(`\n━━━ ${step.name} ━━━`);
  const started = Date.now();
  const { status, tail } = await run(step);
  results.push({ name: step.name, ok: status === 0, tail, seconds: Math.round((Date.now() - started) / 1000) });
}

for (const result of results.filter((result) => !result.ok)) {
  console.log(`\n━━━ the end of ${result.name}, which failed ━━━`);
  // eslint-disable-next-line no-control-regex -- colour codes make the repeated lines hard to read
  for (const line of result.tail) console.log(line.replace(/\x1b\[[0-9;]*m/g, ''));
}
console.log('\n━━━ summary ━━━');
for (const result of results) console.log(`${result.ok ? 'ok  ' : 'FAIL'}  ${result.name} (${result.seconds}s)`);
const failed = results.filter((result) => !result.ok).length;
console.log(`suites: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
