import type { sveltekit } from '@sveltejs/kit/vite';
import { sdkError } from '../core/errors.ts';

export interface SecurityHeadersOptions {
  /** HSTS is sent only in production: on `http://localhost` it would make browsers refuse the dev server. */
  production: boolean;
  /** `page` (HTML: SvelteKit writes the CSP from its `csp` option) or `api` (JSON: a deny-all CSP is added). @default 'page' */
  kind?: 'page' | 'api';
  /** HSTS settings. @default { maxAge: 63072000, includeSubDomains: true, preload: false } */
  hsts?: { maxAge?: number; includeSubDomains?: boolean; preload?: boolean };
  /** Browser features to allow, e.g. `{ camera: ['self'] }`; everything in the default list is off otherwise. */
  permissions?: Partial<Record<PermissionsPolicyFeature, readonly ('self' | `https://${string}`)[]>>;
}

/**
 * Features switched off by default in `Permissions-Policy`.
 * @example securityHeaders({ production, permissions: { camera: ['self'] } }) // camera=(self), the rest ()
 */
export const PERMISSIONS_POLICY_FEATURES = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'publickey-credentials-get',
  'usb',
  'xr-spatial-tracking',
  'browsing-topics',
] as const;
export type PermissionsPolicyFeature = (typeof PERMISSIONS_POLICY_FEATURES)[number];

/**
 * The security headers for every page and API response: `X-Content-Type-Options`, `X-Frame-Options: DENY`,
 * `Referrer-Policy`, `Permissions-Policy`, `Cross-Origin-Opener-Policy`, HSTS in production, and for API responses
 * a CSP that forbids everything (JSON needs no sources, and `frame-ancestors 'none'` stops framing). Pages get
 * their CSP, with nonces, from SvelteKit's `csp` option (see `cspDirectives`).
 * @example
 * for (const [name, value] of Object.entries(securityHeaders({ production: true }))) response.headers.set(name, value);
 */
export function securityHeaders(options: SecurityHeadersOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    // Legacy twin of frame-ancestors: still the only framing control for browsers that ignore CSP in a <meta> tag,
    // which is how SvelteKit delivers the CSP of prerendered pages.
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': permissionsPolicy(options.permissions ?? {}),
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  if (options.production) {
    const hsts = options.hsts ?? {};
    const maxAge = hsts.maxAge ?? 63_072_000;
    if (!Number.isInteger(maxAge) || maxAge < 0)
      throw new RangeError('securityHeaders: hsts.maxAge must be a whole number of seconds');
    headers['Strict-Transport-Security'] =
      `max-age=${maxAge}` +
      (hsts.includeSubDomains === false ? '' : '; includeSubDomains') +
      (hsts.preload ? '; preload' : '');
  }
  if (options.kind === 'api') headers['Content-Security-Policy'] = "default-src 'none'; frame-ancestors 'none'";
  return headers;
}

/**
 * Sets the security headers on `headers`, leaving alone any the app (or SvelteKit's CSP) has already set.
 * @example applySecurityHeaders(response.headers, { production, kind: isApi ? 'api' : 'page' })
 */
export function applySecurityHeaders(headers: Headers, options: SecurityHeadersOptions): Headers {
  for (const [name, value] of Object.entries(securityHeaders(options))) {
    if (!headers.has(name)) headers.set(name, value);
  }
  return headers;
}

function permissionsPolicy(allowed: SecurityHeadersOptions['permissions'] & object): string {
  return PERMISSIONS_POLICY_FEATURES.map((feature) => {
    const origins = allowed[feature] ?? [];
    for (const origin of origins) assertSource(origin, `permissions.${feature}`);
    const list = origins.map((origin) => (origin === 'self' ? 'self' : `"${origin}"`)).join(' ');
    return `${feature}=(${list})`;
  }).join(', ');
}

/** CSP directive names accepted by SvelteKit's `csp.directives` that carry source lists. */
export type CspSourceDirective =
  | 'default-src'
  | 'script-src'
  | 'script-src-elem'
  | 'script-src-attr'
  | 'style-src'
  | 'style-src-elem'
  | 'style-src-attr'
  | 'img-src'
  | 'font-src'
  | 'connect-src'
  | 'media-src'
  | 'object-src'
  | 'frame-src'
  | 'child-src'
  | 'worker-src'
  | 'manifest-src'
  | 'base-uri'
  | 'form-action'
  | 'frame-ancestors'
  | 'report-uri'
  | 'report-to';

type KitCspOption = NonNullable<NonNullable<Parameters<typeof sveltekit>[0]>['csp']>;

/**
 * The shape of SvelteKit's `csp` option (`sveltekit({ csp })` in SvelteKit 3, `kit.csp` in SvelteKit 2), typed by
 * SvelteKit itself so the result of `cspDirectives()` is accepted as it is.
 */
export interface SvelteKitCspConfig {
  mode: NonNullable<KitCspOption['mode']>;
  directives: NonNullable<KitCspOption['directives']>;
  reportOnly?: KitCspOption['reportOnly'];
}

export interface CspOptions {
  /** Extra sources per directive, appended to the defaults (e.g. `{ 'img-src': ['https://cdn.example.com'] }`). */
  extra?: Partial<Record<CspSourceDirective, readonly string[]>>;
  /** Adds `upgrade-insecure-requests` (production over HTTPS). @default false */
  upgradeInsecureRequests?: boolean;
  /** Where browsers post violation reports (`report-uri`). */
  reportUri?: string;
  /** Send the policy as `Content-Security-Policy-Report-Only` instead, to try it out first. @default false */
  reportOnly?: boolean;
}

/** Keywords SvelteKit quotes itself; give them bare (`self`, not `'self'`). */
const KEYWORDS = new Set([
  'self',
  'none',
  'unsafe-inline',
  'unsafe-eval',
  'strict-dynamic',
  'unsafe-hashes',
  'report-sample',
  'wasm-unsafe-eval',
]);

/**
 * The value for SvelteKit's `csp` option: `mode: 'auto'` (nonces on rendered pages, hashes on prerendered ones, added
 * by SvelteKit to `script-src`), `default-src 'self'`, `object-src 'none'`, `base-uri 'self'`, `form-action 'self'`,
 * `frame-ancestors 'none'`, and `extra` sources appended. Styles allow `'unsafe-inline'` because Svelte transitions
 * and the component library set inline styles at runtime; scripts never do. A source containing `;`, `,`, quotes
 * or whitespace throws `CONFIG_INVALID` (it would inject a directive).
 * @example
 * // vite.config.ts (SvelteKit 3)
 * sveltekit({ csp: cspDirectives({ extra: { 'img-src': ['https://images.example.com'] } }) })
 */
export function cspDirectives(options: CspOptions = {}): SvelteKitCspConfig {
  const directives: Record<string, string[]> = {
    'default-src': ['self'],
    'script-src': ['self'],
    'style-src': ['self', 'unsafe-inline'],
    'img-src': ['self', 'data:', 'blob:'],
    'font-src': ['self', 'data:'],
    'connect-src': ['self'],
    'object-src': ['none'],
    'base-uri': ['self'],
    'form-action': ['self'],
    'frame-ancestors': ['none'],
  };
  for (const [name, sources] of Object.entries(options.extra ?? {}) as [
    CspSourceDirective,
    readonly string[] | undefined,
  ][]) {
    for (const source of sources ?? []) assertSource(source, `csp.${name}`);
    const current = directives[name] ?? [];
    // 'none' must stand alone: adding a source to it means the caller wants that source instead.
    const base = current.length === 1 && current[0] === 'none' && (sources ?? []).length > 0 ? [] : current;
    directives[name] = [...new Set([...base, ...(sources ?? [])])];
  }
  if (options.reportUri !== undefined) {
    assertSource(options.reportUri, 'csp.reportUri');
    directives['report-uri'] = [options.reportUri];
  }
  const typed = directives as SvelteKitCspConfig['directives'];
  if (options.reportOnly) return { mode: 'auto', directives: {}, reportOnly: typed };
  if (options.upgradeInsecureRequests) typed['upgrade-insecure-requests'] = true;
  return { mode: 'auto', directives: typed };
}

/**
 * Serialises CSP directives to a header value, quoting keywords the way SvelteKit does. For responses SvelteKit
 * does not render (and for tests); pages should use `cspDirectives` so SvelteKit adds nonces.
 * @example cspHeader(cspDirectives().directives) // "default-src 'self'; script-src 'self'; …"
 */
export function cspHeader(directives: SvelteKitCspConfig['directives']): string {
  return Object.entries(directives)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([name, value]) =>
      value === true
        ? name
        : `${name} ${(value as string[]).map((source) => (KEYWORDS.has(source) ? `'${source}'` : source)).join(' ')}`,
    )
    .join('; ');
}

// Anything that could end a source, a directive or the header.
// eslint-disable-next-line no-control-regex
const UNSAFE_SOURCE = /[\s;,'"\u0000-\u001F\u007F]/;

function assertSource(source: string, where: string): void {
  if (typeof source !== 'string' || source.length === 0 || source.length > 512 || UNSAFE_SOURCE.test(source)) {
    throw sdkError('CONFIG_INVALID', {
      message: `[sv-sdk] [security] Invalid configuration:\n  - ${where}: expected a CSP source such as https://cdn.example.com or self (no quotes, spaces, ";" or ",")`,
      details: { problems: [{ variable: where, expected: 'a CSP source without quotes, spaces, ";" or ","' }] },
    });
  }
}
