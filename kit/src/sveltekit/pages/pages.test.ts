import { isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import * as login from './login.ts';
import * as logout from './logout.ts';
import * as twoFactor from './two-factor.ts';
import * as verifyEmail from './verify-email.ts';

const event = (url: string, user: { email: string } | null = null) => ({
  url: new URL(url, 'http://app.test'),
  locals: { user },
  request: new Request(new URL(url, 'http://app.test')),
});

const redirectOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (isRedirect(error)) return error.location;
    throw error;
  }
  return undefined;
};

describe('packaged page loads', () => {
  it('sign-in: why the person is here, a link error only when it is a code, home when already signed in', () => {
    expect(login.load(event('/login?redirectTo=/x&reason=session-ended&error=AUTH_ACCOUNT_UNAVAILABLE'))).toEqual({
      redirectTo: '/x',
      reset: false,
      sessionEnded: true,
      linkError: 'AUTH_ACCOUNT_UNAVAILABLE',
    });
    expect(login.load(event('/login?error=<script>alert(1)</script>')).linkError).toBeNull();
    expect(login.load(event('/login?error=invalid_token')).linkError).toBeNull();
    expect(redirectOf(() => login.load(event('/login', { email: 'a@b.c' })))).toBe('/');
    expect(Object.keys(login.actions).sort()).toEqual(['login', 'resend']);
  });

  it('two-factor, verify-email and logout', () => {
    expect(twoFactor.load(event('/account/login/two-factor?method=backup&redirectTo=/p'))).toEqual({
      redirectTo: '/p',
      backup: true,
      path: '/account/login/two-factor',
    });
    expect(verifyEmail.load(event('/verify-email?verified=1'))).toMatchObject({ status: 'verified' });
    expect(verifyEmail.load(event('/verify-email?error=TOKEN_EXPIRED'))).toMatchObject({ status: 'error' });
    expect(verifyEmail.load(event('/verify-email', { email: 'me@x.y' }))).toEqual({
      status: 'pending',
      email: 'me@x.y',
    });
    expect(redirectOf(() => logout.load())).toBe('/');
  });
});
