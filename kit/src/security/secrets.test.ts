import { describe, expect, it } from 'vitest';
import { constantTimeEqual, generateToken, hashToken, redactSecrets, REDACTED, verifyToken } from './secrets.ts';

describe('constantTimeEqual', () => {
  it('is true only for equal inputs, whatever the lengths', () => {
    expect(constantTimeEqual('token-abc', 'token-abc')).toBe(true);
    expect(constantTimeEqual('token-abc', 'token-abd')).toBe(false);
    // Different lengths must not throw (timingSafeEqual alone would).
    expect(constantTimeEqual('short', 'a much longer secret value')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('', 'x')).toBe(false);
    expect(constantTimeEqual(Buffer.from('abc'), 'abc')).toBe(true);
  });
});

describe('tokens', () => {
  it('generates distinct base64url tokens of the requested entropy', () => {
    const a = generateToken();
    const b = generateToken();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(generateToken(16), 'base64url')).toHaveLength(16);
  });

  it('refuses token sizes below 128 bits or absurdly large', () => {
    expect(() => generateToken(8)).toThrow(RangeError);
    expect(() => generateToken(1.5 as number)).toThrow(RangeError);
    expect(() => generateToken(4096)).toThrow(RangeError);
  });

  it('stores a hash that verifies the token and nothing else', () => {
    const token = generateToken();
    const stored = hashToken(token);
    expect(stored).not.toContain(token);
    expect(stored).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifyToken(token, stored)).toBe(true);
    expect(verifyToken(`${token}x`, stored)).toBe(false);
    expect(verifyToken(token, '')).toBe(false);
  });
});

describe('redactSecrets', () => {
  it('replaces secret keys at any depth and masks URL passwords', () => {
    const input = {
      user: 'ann',
      password: 'hunter2',
      nested: { apiKey: 'k', 'x-api-key': 'k2', githubToken: 't', list: [{ refresh_token: 'r', ok: 1 }] },
      DATABASE_URL: 'postgres://u:p@h/db',
      note: 'see redis://:s3cret@cache:6379/0 and https://example.com/path',
    };
    const out = redactSecrets(input);
    expect(out).toEqual({
      user: 'ann',
      password: REDACTED,
      nested: {
        apiKey: REDACTED,
        'x-api-key': REDACTED,
        githubToken: REDACTED,
        list: [{ refresh_token: REDACTED, ok: 1 }],
      },
      DATABASE_URL: REDACTED,
      note: `see redis://:${REDACTED}@cache:6379/0 and https://example.com/path`,
    });
    // The input is not modified.
    expect(input.password).toBe('hunter2');
  });

  it('cuts cycles and very deep structures instead of recursing forever', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    expect(redactSecrets(cyclic)).toEqual({ name: 'a', self: '[circular]' });
    let deep: Record<string, unknown> = { secret: 'x' };
    for (let i = 0; i < 20; i += 1) deep = { child: deep };
    expect(JSON.stringify(redactSecrets(deep))).toContain('[truncated]');
    const shared = { token: 't' };
    expect(redactSecrets({ a: shared, b: shared })).toEqual({ a: { token: REDACTED }, b: { token: REDACTED } });
  });

  it('keeps only name and message of errors', () => {
    const out = redactSecrets({ err: new Error('failed for postgres://u:pw@h/db') }) as { err: unknown };
    expect(out.err).toEqual({ name: 'Error', message: `failed for postgres://u:${REDACTED}@h/db` });
  });
});
