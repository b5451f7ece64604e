import { describe, expect, it } from 'vitest';
import { isSDKError } from '../core/errors.ts';
import { securityPlugin } from '../security/plugin.ts';
import { createTestSDK } from '../testing/index.ts';
import { authPlugin } from './plugin.ts';
import { resolvePublicOrigin } from './public-origin.ts';

const SECRET = 'test-secret-test-secret-test-secret-0123456789';

describe('the public origin', () => {
  it('is ORIGIN, which better-auth’s base URL defaults to; BETTER_AUTH_URL keeps its own path', () => {
    expect(resolvePublicOrigin({ ORIGIN: 'http://127.0.0.1:3000' }, true)).toEqual({
      baseURL: 'http://127.0.0.1:3000',
      origin: 'http://127.0.0.1:3000',
      problems: [],
    });
    const both = resolvePublicOrigin(
      { ORIGIN: 'https://app.example.com', BETTER_AUTH_URL: 'https://app.example.com/base' },
      true,
    );
    expect(both).toMatchObject({ baseURL: 'https://app.example.com/base', origin: 'https://app.example.com' });
    expect(both.problems).toEqual([]);
    expect(resolvePublicOrigin({}, false).baseURL).toBe('http://localhost:5173');
  });

  it('is required in production and must agree with BETTER_AUTH_URL / PUBLIC_BASE_URL', () => {
    expect(resolvePublicOrigin({}, true).problems.map((problem) => problem.variable)).toEqual(['ORIGIN']);
    expect(resolvePublicOrigin({}, false).problems).toEqual([]);
    const http = resolvePublicOrigin(
      { ORIGIN: 'http://app.example.com', BETTER_AUTH_URL: 'https://app.example.com' },
      true,
    );
    expect(http.problems.map((problem) => problem.variable)).toEqual(['BETTER_AUTH_URL']);
    const port = resolvePublicOrigin(
      { ORIGIN: 'http://127.0.0.1:3000', PUBLIC_BASE_URL: 'http://127.0.0.1:4000' },
      true,
    );
    expect(port.problems.map((problem) => problem.variable)).toEqual(['PUBLIC_BASE_URL']);
  });
});

describe('a production start', () => {
  const start = (
    config: Record<string, unknown>,
    plugins = [securityPlugin({ memoryRateLimits: true }), authPlugin()],
  ) =>
    createTestSDK({
      config: { NODE_ENV: 'production', LOG_LEVEL: 'silent', BETTER_AUTH_SECRET: SECRET, ...config },
      plugins,
    });

  it('is refused without ORIGIN, naming it; and when ORIGIN and BETTER_AUTH_URL disagree', async () => {
    const missing = await start({ AUTH_REQUIRE_EMAIL_VERIFICATION: false }).then(
      (sdk) => sdk.close(),
      (error: unknown) => error,
    );
    expect(isSDKError(missing, 'CONFIG_INVALID')).toBe(true);
    expect((missing as Error).message).toMatch(/ORIGIN: required in production/);
    const disagree = await start({
      AUTH_REQUIRE_EMAIL_VERIFICATION: false,
      ORIGIN: 'http://127.0.0.1:3000',
      BETTER_AUTH_URL: 'https://app.example.com',
    }).then(
      (sdk) => sdk.close(),
      (error: unknown) => error,
    );
    expect((disagree as Error).message).toMatch(/BETTER_AUTH_URL: must have the same origin as ORIGIN/);
  });

  it('is refused when verification is required and nothing delivers the mail; a delivering plugin makes it start', async () => {
    const refused = await start({ ORIGIN: 'http://127.0.0.1:3000' }).then(
      (sdk) => sdk.close(),
      (error: unknown) => error,
    );
    expect(isSDKError(refused, 'CONFIG_INVALID')).toBe(true);
    expect((refused as Error).message).toMatch(/AUTH_REQUIRE_EMAIL_VERIFICATION: on, but nothing delivers/);

    const mailer = {
      name: 'test-mailer',
      setup(ctx: { events: { on(event: 'user.verification_requested', listener: () => void): unknown } }) {
        ctx.events.on('user.verification_requested', () => undefined);
      },
    };
    const sdk = await start({ ORIGIN: 'http://127.0.0.1:3000' }, [
      securityPlugin({ memoryRateLimits: true }),
      authPlugin(),
      mailer as never,
    ]);
    expect(sdk.plugins).toContain('auth');
    await sdk.close();
  });
});
