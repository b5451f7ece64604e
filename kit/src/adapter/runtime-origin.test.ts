import { afterEach, describe, expect, it } from 'vitest';
import { runtimeOriginModule } from './runtime-origin.ts';

// What adapter-node 6 writes (build/adapter-node.js), trimmed to the lines around `origin`.
const BUILT = [
  `export { server } from './server/server.js';`,
  `export const base = "";`,
  `export const origin = undefined;`,
  `export const env_prefix = "";`,
].join('\n');

const VARIABLES = ['ORIGIN', 'BETTER_AUTH_URL', 'PUBLIC_BASE_URL', 'APP_ORIGIN'];
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
afterEach(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

let evaluations = 0;
/** Evaluates the rewritten module's `origin` line as the built server would at start-up. */
async function originAtStart(source: string, env: Record<string, string | undefined>): Promise<unknown> {
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, env);
  const lines = source.split('\n').filter((text) => !text.startsWith('export {'));
  // A comment of its own per evaluation: the same data: URL would be answered from the module cache.
  lines.push(`// ${(evaluations += 1)}`);
  const module = (await import(`data:text/javascript,${encodeURIComponent(lines.join('\n'))}`)) as { origin: unknown };
  return module.origin;
}

describe('runtime origin of the built server', () => {
  it('takes ORIGIN at start-up, then the origin of BETTER_AUTH_URL or PUBLIC_BASE_URL, else the build value', async () => {
    const rewritten = runtimeOriginModule(BUILT, '');
    expect(rewritten).toContain('export const base = "";');
    expect(await originAtStart(rewritten, { ORIGIN: 'http://127.0.0.1:4173' })).toBe('http://127.0.0.1:4173');
    expect(
      await originAtStart(rewritten, { ORIGIN: 'https://app.example.com', BETTER_AUTH_URL: 'https://other.example' }),
    ).toBe('https://app.example.com');
    expect(await originAtStart(rewritten, { BETTER_AUTH_URL: 'https://app.example.com/auth/base' })).toBe(
      'https://app.example.com',
    );
    expect(await originAtStart(rewritten, { PUBLIC_BASE_URL: 'http://localhost:3000/' })).toBe('http://localhost:3000');
    expect(await originAtStart(rewritten, {})).toBeUndefined();
  });

  it('keeps a build-time paths.origin as the fallback and honours the adapter envPrefix', async () => {
    const built = BUILT.replace('origin = undefined', 'origin = "https://built.example"');
    const rewritten = runtimeOriginModule(built, 'APP_');
    expect(await originAtStart(rewritten, {})).toBe('https://built.example');
    expect(await originAtStart(rewritten, { ORIGIN: 'https://unprefixed.example' })).toBe('https://built.example');
    expect(await originAtStart(rewritten, { APP_ORIGIN: 'https://prefixed.example' })).toBe('https://prefixed.example');
  });

  it('stops the server at start on a value that is not an http(s) URL, naming the variable', async () => {
    const rewritten = runtimeOriginModule(BUILT, '');
    await expect(originAtStart(rewritten, { ORIGIN: 'app.example.com' })).rejects.toThrow(
      /ORIGIN must be the public URL/,
    );
    await expect(originAtStart(rewritten, { ORIGIN: 'ftp://files.example' })).rejects.toThrow(/ORIGIN/);
  });

  it('fails the build when adapter-node no longer writes the origin export', () => {
    expect(() => runtimeOriginModule('export const base = "";', '')).toThrow(/no `export const origin`/);
  });
});
