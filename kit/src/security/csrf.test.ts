import { describe, expect, it } from 'vitest';
import { checkOrigin } from './csrf.ts';

const request = (
  method: string,
  headers: Record<string, string> = {},
  url = 'https://app.example.com/api/profile',
) => ({
  method,
  url,
  headers: new Headers(headers),
});

describe('checkOrigin', () => {
  it('lets safe methods through whatever their origin', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get'])
      expect(checkOrigin(request(method, { origin: 'https://evil.example' }))).toBeUndefined();
  });

  it('accepts mutating requests from the app origin and trusted origins', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(checkOrigin(request(method, { origin: 'https://app.example.com' }))).toBeUndefined();
    }
    expect(
      checkOrigin(request('POST', { origin: 'https://admin.example.com' }), ['https://admin.example.com/']),
    ).toBeUndefined();
    // Default ports and case do not matter.
    expect(checkOrigin(request('POST', { origin: 'https://APP.example.com:443' }))).toBeUndefined();
  });

  it('refuses other origins with CSRF_FAILED (403) and a reason', () => {
    const failure = checkOrigin(request('POST', { origin: 'https://evil.example', cookie: 'session=1' }));
    expect(failure).toMatchObject({ code: 'CSRF_FAILED', status: 403, details: { reason: 'origin-mismatch' } });
    expect(checkOrigin(request('DELETE', { origin: 'https://app.example.com.evil.example' }))?.code).toBe(
      'CSRF_FAILED',
    );
    expect(checkOrigin(request('POST', { origin: 'http://app.example.com' }))?.code).toBe('CSRF_FAILED');
    expect(checkOrigin(request('POST', { origin: 'https://app.example.com:8443' }))?.code).toBe('CSRF_FAILED');
    expect(checkOrigin(request('POST', { origin: 'null' }))?.details).toEqual({ reason: 'opaque-origin' });
    expect(checkOrigin(request('POST', { origin: 'garbage' }))?.code).toBe('CSRF_FAILED');
    expect(checkOrigin(request('POST', { origin: 'https://evil.example' }), ['not an origin'])?.code).toBe(
      'CSRF_FAILED',
    );
  });

  it('falls back to the Referer when there is no Origin', () => {
    expect(
      checkOrigin(request('POST', { referer: 'https://app.example.com/settings?x=1', cookie: 's=1' })),
    ).toBeUndefined();
    expect(checkOrigin(request('POST', { referer: 'https://evil.example/app.example.com', cookie: 's=1' }))?.code).toBe(
      'CSRF_FAILED',
    );
  });

  it('allows requests with neither header only when they carry no cookies', () => {
    expect(checkOrigin(request('POST'))).toBeUndefined();
    expect(checkOrigin(request('POST', { cookie: 'session=abc' }))?.details).toEqual({ reason: 'missing-origin' });
  });
});
