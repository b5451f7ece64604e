import { describe, expect, it } from 'vitest';
import { isSDKError } from '../core/errors.ts';
import { normalizeEmail, safeRedirect, sanitizeHtml, stripControlChars } from './sanitize.ts';

describe('sanitizeHtml', () => {
  it('keeps the allowlisted structure and drops scripts, handlers, styles and their content', () => {
    const dirty =
      '<h2 class="x" style="color:red">Title</h2><p onclick="steal()">Hi <strong>there</strong><script>alert(1)</script>' +
      '<img src=x onerror=alert(1)><iframe src="https://evil.example"></iframe><style>body{}</style></p>';
    expect(sanitizeHtml(dirty)).toBe('<h2>Title</h2><p>Hi <strong>there</strong></p>');
  });

  it('allows only http, https and mailto links and hardens every link', () => {
    expect(sanitizeHtml('<a href="https://example.com" target="_blank" onclick="x">ok</a>')).toBe(
      '<a rel="noopener noreferrer nofollow" href="https://example.com" target="_blank">ok</a>',
    );
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>x</script>',
      '//evil.example',
      'vbscript:x',
    ]) {
      expect(sanitizeHtml(`<a href="${href}">x</a>`)).toBe('<a rel="noopener noreferrer nofollow">x</a>');
    }
    expect(sanitizeHtml('<a href="mailto:a@example.com" target="_top" rel="opener">m</a>')).toBe(
      '<a rel="noopener noreferrer nofollow" href="mailto:a@example.com">m</a>',
    );
  });

  it('escapes text and survives broken markup', () => {
    expect(sanitizeHtml('1 < 2 & "quotes"')).toBe('1 &lt; 2 &amp; "quotes"');
    expect(sanitizeHtml('<p><b>unclosed')).toBe('<p><b>unclosed</b></p>');
    expect(sanitizeHtml('<<script>script>alert(1)<</script>/script>')).not.toContain('<script');
    expect(sanitizeHtml(42 as unknown as string)).toBe('');
  });

  it('refuses oversized input', () => {
    expect(() => sanitizeHtml('x'.repeat(11), { maxLength: 10 })).toThrow(
      expect.objectContaining({ code: 'HTML_TOO_LARGE', status: 413 }),
    );
  });
});

describe('stripControlChars', () => {
  it('removes control characters and bidi overrides, keeping tabs and newlines unless single-line', () => {
    expect(stripControlChars('Ann\u0000e\u0007\u202E\u2066 Lee\u009F')).toBe('Anne Lee');
    expect(stripControlChars('a\tb\nc\r\n')).toBe('a\tb\nc\r\n');
    expect(stripControlChars('a\tb\nc', { singleLine: true })).toBe('abc');
    expect(stripControlChars('Zoë 日本 🚀')).toBe('Zoë 日本 🚀');
  });
});

describe('normalizeEmail', () => {
  it('trims and lower-cases the domain, keeping the local part', () => {
    expect(normalizeEmail('  Ada.Lovelace+news@Example.COM ')).toBe('Ada.Lovelace+news@example.com');
    expect(normalizeEmail('anna@Bücher.example')).toBe('anna@xn--bcher-kva.example');
  });

  it('rejects what is not an address with EMAIL_INVALID (400) and a reason', () => {
    const bad = [
      '',
      'no-at-sign',
      '@example.com',
      'ann@',
      'ann@localhost',
      'a@b@example.com',
      'ann lee@example.com',
      'ann@exa mple.com',
      'ann\u0000@example.com',
      'ann@example.com\r\nBcc: x@evil.example',
      '.ann@example.com',
      'an..n@example.com',
      `${'a'.repeat(65)}@example.com`,
      `ann@${'a'.repeat(250)}.com`,
      'ann@-example.com',
      'ann@exa_mple.com',
    ];
    for (const input of bad) {
      try {
        normalizeEmail(input);
        throw new Error(`accepted ${JSON.stringify(input)}`);
      } catch (error) {
        expect(isSDKError(error, 'EMAIL_INVALID'), String(error)).toBe(true);
        expect((error as { status: number }).status).toBe(400);
        expect((error as { details: { reason: string } }).details.reason).toEqual(expect.any(String));
      }
    }
  });
});

describe('safeRedirect', () => {
  it('keeps same-origin paths with query and hash', () => {
    expect(safeRedirect('/account?tab=security#2fa')).toBe('/account?tab=security#2fa');
    expect(safeRedirect('/a/../b')).toBe('/b');
    expect(safeRedirect('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
  });

  it('refuses open-redirect tricks', () => {
    const tricks = [
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/\tevil.example',
      '/\n/evil.example',
      ' //evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      'data:text/html,x',
      'evil.example',
      '',
      'https://app.example.com@evil.example/',
    ];
    for (const target of tricks)
      expect(safeRedirect(target, { allowedOrigins: ['https://app.example.com'] }), target).toBe('/');
    expect(safeRedirect(undefined)).toBe('/');
    expect(safeRedirect(['/x'])).toBe('/');
    expect(safeRedirect('//evil.example', { fallback: '/home' })).toBe('/home');
  });

  it('refuses the known open-redirect payloads (a table), whatever their encoding', () => {
    const payloads = [
      '/.//evil.example/phish',
      '/%2e//evil.example/phish',
      '/%2E//evil.example/phish',
      '/a/..//evil.example/phish',
      '/a/%2e%2e//evil.example/phish',
      '/././/evil.example',
      '/.%2f/evil.example',
      '/..//evil.example',
      '/../..//evil.example',
      '/\\evil.example',
      '/\\/evil.example',
      '/.\\/evil.example',
      '///evil.example',
      '////evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/%09/evil.example',
      '//evil.example',
      '//evil.example@app.example.com',
      'https:evil.example',
      'https:/evil.example',
      'http://evil.example',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '\u0000/evil',
      ' //evil.example',
      '/%5cevil.example',
    ];
    for (const payload of payloads) {
      const result = safeRedirect(payload);
      // Whatever comes back, resolved on the app's origin, stays on it.
      expect(new URL(result, 'https://app.example.com').origin, payload).toBe('https://app.example.com');
      expect(result.startsWith('//'), payload).toBe(false);
    }
    expect(safeRedirect('/.//evil.example/phish')).toBe('/');
    expect(safeRedirect('/a/..//evil.example/x', { fallback: '/home' })).toBe('/home');
  });

  it('allows absolute URLs only on allowed origins', () => {
    expect(safeRedirect('https://admin.example.com/users?x=1', { allowedOrigins: ['https://admin.example.com'] })).toBe(
      'https://admin.example.com/users?x=1',
    );
    expect(
      safeRedirect('https://admin.example.com.evil.example/', { allowedOrigins: ['https://admin.example.com'] }),
    ).toBe('/');
    expect(safeRedirect('http://admin.example.com/', { allowedOrigins: ['https://admin.example.com'] })).toBe('/');
    expect(safeRedirect('https://user:pw@admin.example.com/', { allowedOrigins: ['https://admin.example.com'] })).toBe(
      '/',
    );
  });
});
