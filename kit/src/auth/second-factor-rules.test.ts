import { describe, expect, it } from 'vitest';
import {
  checkTwoFactorPage,
  continuationPath,
  gateVerdict,
  trustDeviceToken,
  trustedIdentifier,
  twoFactorPageLocation,
} from './second-factor-rules.ts';

const BASE = 'http://localhost:5173/api/auth';

describe('second-factor rules', () => {
  it('lets through the second-factor endpoints, rotations of the same user and impersonation; checks the rest', () => {
    const session = { token: 't', userId: 'u1' };
    expect(gateVerdict({ path: '/two-factor/verify-totp', session })).toBe('second-factor');
    expect(gateVerdict({ path: '/two-factor/verify-backup-code', session })).toBe('second-factor');
    expect(gateVerdict({ path: '/two-factor/verify-otp', session })).toBe('second-factor');
    expect(gateVerdict({ path: '/change-password', requestUserId: 'u1', session })).toBe('same-user');
    expect(gateVerdict({ path: '/verify-email', requestUserId: 'u2', session })).toBe('check-user');
    expect(
      gateVerdict({
        path: '/admin/impersonate-user',
        requestUserId: 'admin',
        session: { ...session, impersonatedBy: 'admin' },
      }),
    ).toBe('impersonation');
    // An impersonation session made by someone else than the requester is no pass.
    expect(
      gateVerdict({
        path: '/magic-link/verify',
        requestUserId: 'other',
        session: { ...session, impersonatedBy: 'admin' },
      }),
    ).toBe('check-user');
    for (const path of ['/sign-in/email', '/magic-link/verify', '/verify-email', '/callback/github', '/passkey/verify'])
      expect(gateVerdict({ path, session })).toBe('check-user');
  });

  it('continuation: a same-origin relative path, never another origin or a protocol-relative one', () => {
    expect(continuationPath('http://localhost:5173/profile?tab=security#x', BASE)).toBe('/profile?tab=security#x');
    expect(continuationPath('/profile', BASE)).toBe('/profile');
    expect(continuationPath('https://evil.example/profile', BASE)).toBe('/');
    expect(continuationPath('http://localhost:5173//evil.example', BASE)).toBe('/');
    expect(continuationPath('javascript:alert(1)', BASE)).toBe('/');
    expect(continuationPath(null, BASE)).toBe('/');
    expect(twoFactorPageLocation('/login/two-factor', '/profile?a=1')).toBe(
      '/login/two-factor?redirectTo=%2Fprofile%3Fa%3D1',
    );
    expect(twoFactorPageLocation('/2fa?x=1', '/')).toBe('/2fa?x=1&redirectTo=%2F');
  });

  it('the two-factor page option must be a same-origin path', () => {
    expect(checkTwoFactorPage('/login/two-factor')).toBe('/login/two-factor');
    for (const bad of ['https://evil.example/2fa', '//evil.example', 'login', '/\tx'])
      expect(() => checkTwoFactorPage(bad)).toThrow(/twoFactorPage/);
  });

  it('a trust cookie names its verification row only with the HMAC of this user', () => {
    const secret = 'test-secret';
    const identifier = 'trust-device-abc';
    const value = `${trustDeviceToken(secret, 'u1', identifier)}!${identifier}`;
    expect(trustedIdentifier(secret, 'u1', value)).toBe(identifier);
    expect(trustedIdentifier(secret, 'u2', value)).toBeUndefined();
    expect(trustedIdentifier('other-secret', 'u1', value)).toBeUndefined();
    expect(trustedIdentifier(secret, 'u1', `x!${identifier}`)).toBeUndefined();
    expect(trustedIdentifier(secret, 'u1', identifier)).toBeUndefined();
    expect(trustedIdentifier(secret, 'u1', false)).toBeUndefined();
    expect(trustedIdentifier(secret, 'u1', null)).toBeUndefined();
  });
});
