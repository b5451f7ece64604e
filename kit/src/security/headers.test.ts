import { describe, expect, it } from 'vitest';
import { isSDKError } from '../core/errors.ts';
import { applySecurityHeaders, cspDirectives, cspHeader, securityHeaders } from './headers.ts';

describe('securityHeaders', () => {
  it('sends the strict defaults, HSTS only in production', () => {
    const dev = securityHeaders({ production: false });
    expect(dev).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    expect(dev['Strict-Transport-Security']).toBeUndefined();
    expect(dev['Permissions-Policy']).toContain('camera=()');
    expect(dev['Permissions-Policy']).toContain('microphone=()');
    expect(dev['Permissions-Policy']).toContain('geolocation=()');
    expect(securityHeaders({ production: true })['Strict-Transport-Security']).toBe(
      'max-age=63072000; includeSubDomains',
    );
    expect(securityHeaders({ production: true, hsts: { preload: true } })['Strict-Transport-Security']).toBe(
      'max-age=63072000; includeSubDomains; preload',
    );
  });

  it('gives API responses a deny-all CSP with frame-ancestors none, and leaves page CSP to SvelteKit', () => {
    expect(securityHeaders({ production: false, kind: 'api' })['Content-Security-Policy']).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(securityHeaders({ production: false })['Content-Security-Policy']).toBeUndefined();
  });

  it('lets features be allowed explicitly and refuses injection through them', () => {
    const headers = securityHeaders({
      production: false,
      permissions: { camera: ['self', 'https://meet.example.com'] },
    });
    expect(headers['Permissions-Policy']).toContain('camera=(self "https://meet.example.com")');
    expect(() =>
      securityHeaders({
        production: false,
        permissions: { camera: ['https://x.example"), geolocation=(*' as `https://${string}`] },
      }),
    ).toThrow();
  });

  it('does not overwrite headers already set', () => {
    const headers = new Headers({ 'X-Frame-Options': 'SAMEORIGIN' });
    applySecurityHeaders(headers, { production: true });
    expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('strict-transport-security')).toContain('max-age=');
  });
});

describe('cspDirectives', () => {
  it("returns SvelteKit's csp option with strict defaults", () => {
    const csp = cspDirectives();
    expect(csp.mode).toBe('auto');
    expect(csp.directives).toMatchObject({
      'default-src': ['self'],
      'script-src': ['self'],
      'object-src': ['none'],
      'base-uri': ['self'],
      'form-action': ['self'],
      'frame-ancestors': ['none'],
    });
    // Scripts never get 'unsafe-inline' (SvelteKit adds nonces/hashes to script-src).
    expect(csp.directives['script-src']).not.toContain('unsafe-inline');
    expect(cspHeader(csp.directives)).toContain("default-src 'self'; script-src 'self'");
    expect(cspHeader(csp.directives)).toContain("frame-ancestors 'none'");
  });

  it('appends extra sources, replacing a lone none, and supports report-only and upgrade-insecure-requests', () => {
    const csp = cspDirectives({
      extra: { 'img-src': ['https://images.example.com', 'self'], 'object-src': ['https://plugins.example.com'] },
      reportUri: '/api/csp-report',
      upgradeInsecureRequests: true,
    });
    expect(csp.directives['img-src']).toEqual(['self', 'data:', 'blob:', 'https://images.example.com']);
    expect(csp.directives['object-src']).toEqual(['https://plugins.example.com']);
    expect(csp.directives['report-uri']).toEqual(['/api/csp-report']);
    expect(csp.directives['upgrade-insecure-requests']).toBe(true);
    expect(cspHeader(csp.directives)).toContain('upgrade-insecure-requests');
    const trial = cspDirectives({ reportOnly: true });
    expect(trial.directives).toEqual({});
    expect(trial.reportOnly?.['default-src']).toEqual(['self']);
  });

  it('refuses sources that would inject directives', () => {
    for (const source of ["'unsafe-eval'", 'https://a.example; script-src *', 'a b', 'x,y', '']) {
      try {
        cspDirectives({ extra: { 'script-src': [source] } });
        throw new Error(`accepted ${source}`);
      } catch (error) {
        expect(isSDKError(error, 'CONFIG_INVALID'), String(error)).toBe(true);
      }
    }
  });
});
