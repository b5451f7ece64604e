import { describe, expect, it } from 'vitest';
import { authMessages, type AuthMessageKey } from './messages.js';
import { errorText, fieldErrorsOf } from './errors.js';
import { problemTexts } from './password-problems.js';
import { describeUserAgent } from './user-agent.js';
import { formatMessage, type MessageParams } from '../i18n/index.js';

// As useMessages does: a key without a message comes back as itself.
const m = (key: string, params?: MessageParams) => formatMessage(authMessages[key as AuthMessageKey] ?? key, params);

describe('auth error messages', () => {
  it('has a human message for every documented server code', () => {
    for (const code of [
      'AUTH_INVALID_CREDENTIALS',
      'AUTH_EMAIL_NOT_VERIFIED',
      'AUTH_TOKEN_EXPIRED',
      'AUTH_TOKEN_INVALID',
      'RATE_LIMITED',
      'VALIDATION_FAILED',
      'AUTH_USER_BANNED',
      'AUTH_PASSWORD_TOO_WEAK',
      'AUTH_PASSWORD_BREACHED',
    ]) {
      const text = errorText(m, code);
      expect(text).not.toBe(authMessages['auth.error.UNKNOWN']);
      expect(text).not.toContain(code);
    }
  });

  it('falls back to the server message, then to a generic one', () => {
    expect(errorText(m, 'SOMETHING_NEW', 'Server says no')).toBe('Server says no');
    expect(errorText(m, 'SOMETHING_NEW')).toBe(authMessages['auth.error.UNKNOWN']);
  });

  it('merges field errors from details and the form state, translating codes', () => {
    expect(
      fieldErrorsOf(m, {
        error: { code: 'VALIDATION_FAILED', details: { fieldErrors: { email: ['Invalid email'] } } },
        fieldErrors: { password: 'AUTH_PASSWORD_BREACHED', name: undefined },
      }),
    ).toEqual({ email: 'Invalid email', password: authMessages['auth.error.AUTH_PASSWORD_BREACHED'] });
  });

  it('names each broken password rule, filling its values; a missing value falls back to the server text', () => {
    const problems = [
      { code: 'PASSWORD_TOO_SHORT', message: 'server: too short', params: { minLength: 16, length: 9 } },
      { code: 'PASSWORD_TOO_SHORT', message: 'Too short: use a longer password.' },
      { code: 'PASSWORD_CONTAINS_PERSONAL_INFO' },
      'not a problem',
    ];
    expect(problemTexts(m, { code: 'AUTH_PASSWORD_POLICY', details: { problems } })).toEqual([
      'Too short: use at least 16 characters.',
      'Too short: use a longer password.',
      authMessages['auth.error.PASSWORD_CONTAINS_PERSONAL_INFO'],
    ]);
    expect(problemTexts(m, { code: 'AUTH_INVALID_CREDENTIALS' })).toEqual([]);
    for (const code of [
      'PASSWORD_TOO_SHORT',
      'PASSWORD_TOO_LONG',
      'PASSWORD_TOO_WEAK',
      'PASSWORD_BREACHED',
      'PASSWORD_CONTAINS_PERSONAL_INFO',
    ] as const) {
      expect(authMessages[`auth.error.${code}`]).toMatch(/^(Too \w+( \w+)*|Contains [\w ]+): /);
    }
  });

  it('describes user agents', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      ),
    ).toBe('Safari on macOS');
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0',
      ),
    ).toBe('Edge on Windows');
    expect(
      describeUserAgent('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36'),
    ).toBe('Chrome on Android');
    expect(describeUserAgent(null)).toBeNull();
  });
});
