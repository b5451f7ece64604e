import { describe, expect, it } from 'vitest';
import { isSDKError } from '../../core/errors.ts';
import { createRateLimiter } from './limiter.ts';
import { DEFAULT_RATE_LIMIT_POLICIES, lockoutSeconds, DEFAULT_LOCKOUT } from './policies.ts';
import { expectRateLimited, testRateLimiter, unique } from './limiter.test-suite.ts';

describe('rate limiter (memory)', () => {
  testRateLimiter((options) => createRateLimiter({ ...options, store: { type: 'memory' } }));

  it('ships the documented policies: sign-in 5/15 min per account, 100 failures/15 min per IP; reset 3/h; sign-up 30/h per IP', async () => {
    expect(DEFAULT_RATE_LIMIT_POLICIES['sign-in'].limits).toEqual({
      account: { points: 5, duration: 900 },
      ip: { points: 100, duration: 900, counts: 'failures' },
    });
    expect(DEFAULT_RATE_LIMIT_POLICIES['password-reset'].limits).toEqual({
      account: { points: 3, duration: 3600 },
      ip: { points: 30, duration: 3600 },
    });
    expect(DEFAULT_RATE_LIMIT_POLICIES['sign-up'].limits).toEqual({ ip: { points: 30, duration: 3600 } });
    const limiter = createRateLimiter();
    const account = `${unique('default')}@example.com`;
    for (let i = 0; i < 5; i += 1) await limiter.consume('sign-in', { account, ip: `192.0.2.${i + 1}` });
    const error = await expectRateLimited(limiter.consume('sign-in', { account, ip: '192.0.2.200' }), 900);
    expect(error.details?.retryAfterSeconds).toBeGreaterThan(890);
    for (let i = 0; i < 30; i += 1) await limiter.consume('sign-up', { ip: '192.0.2.77' });
    await expectRateLimited(limiter.consume('sign-up', { ip: '192.0.2.77' }), 3600);
  });

  it('refuses invalid policies at construction with CONFIG_INVALID', () => {
    const bad = [
      { x: { limits: {} } },
      { x: { limits: { ip: { points: 0, duration: 60 } } } },
      { x: { limits: { ip: { points: 1, duration: 0.5 } } } },
      { x: { limits: { email: { points: 1, duration: 60 } } } },
      { Bad_Name: { limits: { ip: { points: 1, duration: 60 } } } },
    ];
    for (const policies of bad) {
      try {
        createRateLimiter({ policies: policies as never });
        throw new Error(`accepted ${JSON.stringify(policies)}`);
      } catch (error) {
        expect(isSDKError(error, 'CONFIG_INVALID'), String(error)).toBe(true);
      }
    }
  });
});

describe('lockoutSeconds', () => {
  it('is 0 below the threshold, then doubles up to the cap', () => {
    expect(lockoutSeconds(0, DEFAULT_LOCKOUT)).toBe(0);
    expect(lockoutSeconds(4, DEFAULT_LOCKOUT)).toBe(0);
    expect(lockoutSeconds(5, DEFAULT_LOCKOUT)).toBe(900);
    expect(lockoutSeconds(6, DEFAULT_LOCKOUT)).toBe(1800);
    expect(lockoutSeconds(7, DEFAULT_LOCKOUT)).toBe(3600);
    // Capped at an hour: a lock only holds devices the account never signed in from (issue 17).
    expect(lockoutSeconds(8, DEFAULT_LOCKOUT)).toBe(3600);
    expect(lockoutSeconds(10_000, DEFAULT_LOCKOUT)).toBe(3600);
    expect(lockoutSeconds(12, { ...DEFAULT_LOCKOUT, maxSeconds: 86_400 })).toBe(86_400);
    expect(lockoutSeconds(Number.NaN, DEFAULT_LOCKOUT)).toBe(0);
  });
});
