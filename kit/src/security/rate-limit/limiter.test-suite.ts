// The shared behaviour of the rate limiter, run once per store (memory.test / redis.test), like a driver suite.
import { expect, it } from 'vitest';
import { isSDKError, type SDKError } from '../../core/errors.ts';
import type { RateLimiter, RateLimiterOptions } from './limiter.ts';
import type { RateLimitPolicy } from './policies.ts';

/** Small policies so tests never wait on real windows. */
export const TEST_POLICIES = {
  'test-login': {
    limits: { account: { points: 3, duration: 60 }, ip: { points: 4, duration: 60 } },
    lockout: { threshold: 2, baseSeconds: 10, maxSeconds: 35, window: 600 },
  },
  'test-api': { limits: { client: { points: 2, duration: 60 } } },
  'test-short': { limits: { client: { points: 1, duration: 1 } } },
  'test-shared-ip': {
    limits: { account: { points: 3, duration: 60 }, ip: { points: 2, duration: 60, counts: 'failures' } },
    lockout: { threshold: 10, baseSeconds: 10, maxSeconds: 35, window: 600 },
  },
} satisfies Record<string, RateLimitPolicy>;

export async function expectRateLimited(promise: Promise<unknown>, maxRetryAfter?: number): Promise<SDKError> {
  try {
    await promise;
  } catch (error) {
    expect(isSDKError(error, 'RATE_LIMITED'), `expected RATE_LIMITED, got ${String(error)}`).toBe(true);
    const limited = error as SDKError;
    expect(limited.status).toBe(429);
    const seconds = limited.details?.retryAfterSeconds as number;
    expect(seconds).toBeGreaterThanOrEqual(1);
    if (maxRetryAfter !== undefined) expect(seconds).toBeLessThanOrEqual(maxRetryAfter);
    expect(limited.headers?.['Retry-After']).toBe(String(seconds));
    return limited;
  }
  throw new Error('expected RATE_LIMITED, the call succeeded');
}

let counter = 0;
/** Unique subjects per test, so tests sharing a store never see each other's counts. */
export const unique = (label: string) => `${label}-${process.pid}-${Date.now()}-${(counter += 1)}`;

export function testRateLimiter(make: (options?: RateLimiterOptions) => RateLimiter): void {
  it('a failure-counting dimension lets any number of successes through and refuses after its failures', async () => {
    const limiter = make({ policies: TEST_POLICIES });
    const ip = '198.51.100.77';
    // Many accounts behind one address: attempts that succeed never use up the IP's budget.
    for (let index = 0; index < 10; index += 1) {
      const account = unique(`colleague-${index}`);
      await limiter.consume('test-shared-ip', { account, ip });
      await limiter.recordSuccess('test-shared-ip', { account, ip });
    }
    // Two failures (of any accounts) from the address use it up; the next attempt from there is refused…
    await limiter.recordFailure('test-shared-ip', { account: unique('guess-a'), ip });
    await limiter.recordFailure('test-shared-ip', { account: unique('guess-b'), ip });
    await expectRateLimited(limiter.consume('test-shared-ip', { account: unique('next'), ip }));
    // …while another address is untouched.
    await limiter.consume('test-shared-ip', { account: unique('elsewhere'), ip: '198.51.100.78' });
  });

  it('allows up to the limit, then refuses with 429, Retry-After and details', async () => {
    const limiter = make({ policies: TEST_POLICIES });
    const client = unique('client');
    expect(await limiter.consume('test-api', { client })).toEqual({ remaining: 1, resetSeconds: expect.any(Number) });
    expect((await limiter.consume('test-api', { client })).remaining).toBe(0);
    const error = await expectRateLimited(limiter.consume('test-api', { client }), 60);
    expect(error.details).toMatchObject({ policy: 'test-api' });
    // Another client is unaffected.
    await expect(limiter.consume('test-api', { client: unique('other') })).resolves.toMatchObject({ remaining: 1 });
  });

  it('limits sign-in per account and per IP, and counts both', async () => {
    const limiter = make({ policies: TEST_POLICIES });
    const ip = `198.51.100.${(counter % 200) + 1}`;
    const spray = unique('ip-spray');
    // One IP trying many accounts hits the IP limit (4).
    for (let i = 0; i < 4; i += 1) await limiter.consume('test-login', { account: `${spray}-${i}@example.com`, ip });
    await expectRateLimited(limiter.consume('test-login', { account: `${spray}-new@example.com`, ip }));
    // One account tried from many IPs hits the account limit (3).
    const account = `${unique('victim')}@example.com`;
    for (let i = 0; i < 3; i += 1) await limiter.consume('test-login', { account, ip: `203.0.113.${i + 1}` });
    await expectRateLimited(limiter.consume('test-login', { account, ip: '203.0.113.99' }));
  });

  it('treats account keys case-insensitively and an IPv6 /64 as one client', async () => {
    const limiter = make({ policies: TEST_POLICIES });
    const name = unique('Case');
    for (const account of [
      `${name}@Example.com`,
      ` ${name.toLowerCase()}@example.com`,
      `${name.toUpperCase()}@EXAMPLE.COM`,
    ]) {
      await limiter.consume('test-login', { account });
    }
    await expectRateLimited(limiter.consume('test-login', { account: `${name}@example.com` }));

    const net = `2001:db8:${(counter % 9000) + 1}:1`;
    for (let i = 1; i <= 4; i += 1) await limiter.consume('test-login', { ip: `${net}::${i.toString(16)}` });
    await expectRateLimited(limiter.consume('test-login', { ip: `${net}:ffff:ffff:ffff:ffff` }));
    await expect(limiter.consume('test-login', { ip: `2001:db8:${(counter % 9000) + 1}:2::1` })).resolves.toBeDefined();
  });

  it('adds penalties and gives rewards back; check() does not count', async () => {
    const limiter = make({ policies: TEST_POLICIES });
    const client = unique('pen');
    await limiter.penalty('test-api', { client }, 2);
    await expectRateLimited(limiter.check('test-api', { client }));
    await expectRateLimited(limiter.consume('test-api', { client }));
    await limiter.reward('test-api', { client }, 3);
    expect((await limiter.check('test-api', { client })).remaining).toBe(2);
    expect((await limiter.check('test-api', { client })).remaining).toBe(2);
    await limiter.consume('test-api', { client });
    expect((await limiter.check('test-api', { client: unique('fresh') })).remaining).toBe(2);
  });

  it('locks an account after repeated failures, doubling up to the cap, and unlocks on reset', async () => {
    const limiter = make({ policies: TEST_POLICIES });
    const account = `${unique('locked')}@example.com`;
    expect(await limiter.recordFailure('test-login', { account })).toEqual({ failures: 1, lockedSeconds: 0 });
    await limiter.consume('test-login', { account });
    expect(await limiter.recordFailure('test-login', { account })).toEqual({ failures: 2, lockedSeconds: 10 });
    await expectRateLimited(limiter.consume('test-login', { account }), 10);
    expect(await limiter.recordFailure('test-login', { account })).toEqual({ failures: 3, lockedSeconds: 20 });
    const locked = await expectRateLimited(limiter.consume('test-login', { account: account.toUpperCase() }));
    expect(locked.details?.retryAfterSeconds).toBeGreaterThan(10);
    expect(await limiter.recordFailure('test-login', { account })).toEqual({ failures: 4, lockedSeconds: 35 });
    expect(await limiter.recordFailure('test-login', { account })).toEqual({ failures: 5, lockedSeconds: 35 });

    // A password reset unlocks the account and forgets the failures.
    await limiter.resetAccount(account);
    await expect(limiter.consume('test-login', { account })).resolves.toMatchObject({ remaining: 2 });
    expect(await limiter.recordFailure('test-login', { account })).toEqual({ failures: 1, lockedSeconds: 0 });
  });

  it('forgets failures after a success', async () => {
    const limiter = make({ policies: TEST_POLICIES });
    const account = `${unique('ok')}@example.com`;
    await limiter.consume('test-login', { account });
    await limiter.recordFailure('test-login', { account });
    await limiter.consume('test-login', { account });
    await limiter.recordSuccess('test-login', { account });
    expect(await limiter.recordFailure('test-login', { account })).toEqual({ failures: 1, lockedSeconds: 0 });
    // The success gave its attempt back (2 counted, 1 returned), but repeated successes earn no extra credit.
    expect((await limiter.check('test-login', { account })).remaining).toBe(2);
    for (let i = 0; i < 5; i += 1) await limiter.recordSuccess('test-login', { account });
    expect((await limiter.check('test-login', { account })).remaining).toBe(3);
    for (let i = 0; i < 3; i += 1) await limiter.consume('test-login', { account });
    await expectRateLimited(limiter.consume('test-login', { account }));
  });

  it('opens again when the window ends', async () => {
    const limiter = make({ policies: TEST_POLICIES });
    const client = unique('short');
    await limiter.consume('test-short', { client });
    await expectRateLimited(limiter.consume('test-short', { client }), 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(limiter.consume('test-short', { client })).resolves.toBeDefined();
  });

  it('resets one policy for the given keys', async () => {
    const limiter = make({ policies: TEST_POLICIES });
    const client = unique('reset');
    await limiter.consume('test-api', { client });
    await limiter.consume('test-api', { client });
    await expectRateLimited(limiter.consume('test-api', { client }));
    await limiter.reset('test-api', { client });
    await expect(limiter.consume('test-api', { client })).resolves.toMatchObject({ remaining: 1 });
  });

  it('counts nothing and refuses nothing when disabled', async () => {
    const limiter = make({ policies: TEST_POLICIES, enabled: false });
    expect(limiter.enabled).toBe(false);
    const client = unique('off');
    for (let i = 0; i < 10; i += 1) await limiter.consume('test-api', { client });
    expect(await limiter.recordFailure('test-login', { account: 'a@example.com' })).toEqual({
      failures: 0,
      lockedSeconds: 0,
    });
  });

  it('rejects programming errors clearly: unknown policy, no keys, bad keys, no lockout rule', async () => {
    const limiter = make({ policies: TEST_POLICIES });
    await expect(limiter.consume('nope', { client: 'x' })).rejects.toThrow(/unknown policy "nope"/);
    await expect(limiter.consume('test-api', {})).rejects.toThrow(/needs at least one of: client/);
    await expect(limiter.consume('test-api', { account: 'a@example.com' })).rejects.toThrow(TypeError);
    await expect(limiter.consume('test-api', { client: '' })).rejects.toThrow(TypeError);
    await expect(limiter.consume('test-api', { client: 'x'.repeat(5000) })).rejects.toThrow(TypeError);
    await expect(limiter.recordFailure('test-api', { client: 'x' })).rejects.toThrow(/no lockout rule/);
  });
}
