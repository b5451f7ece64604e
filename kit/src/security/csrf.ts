import { sdkError, type SDKError } from '../core/errors.ts';

/** Methods that must not change state, so cross-site requests with them need no check. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** What `checkOrigin` reads from a request: SvelteKit's `event.request` fits. */
export interface OriginCheckRequest {
  method: string;
  url: string;
  headers: Headers;
}

/** Why a request failed the origin check (in the error's `details.reason`). */
export type CsrfFailureReason = 'origin-mismatch' | 'opaque-origin' | 'missing-origin';

/**
 * CSRF protection for mutating requests (POST, PUT, PATCH, DELETE and any other non-safe method): the `Origin`
 * header, or the `Referer`'s origin when a browser sent no `Origin`, must be the app's own origin (from
 * `request.url`) or one of `trustedOrigins`. A request with neither header passes only when it carries no
 * cookies: browsers always send `Origin` with cross-site POSTs, so such a request comes from a non-browser client
 * that has no ambient credentials to abuse. `Origin: null` (sandboxed frames, some redirects) fails.
 * Returns `undefined` when the request may proceed, else a `CSRF_FAILED` (403) error to throw or answer with.
 * @example
 * const failure = checkOrigin(event.request, ['https://admin.example.com']);
 * if (failure) return toHttpResponse(failure);
 */
export function checkOrigin(request: OriginCheckRequest, trustedOrigins: readonly string[] = []): SDKError | undefined {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
  let appOrigin: string;
  try {
    appOrigin = new URL(request.url).origin;
  } catch {
    return fail('origin-mismatch');
  }
  const allowed = new Set([
    appOrigin,
    ...trustedOrigins.map(canonicalOrigin).filter((origin): origin is string => origin !== undefined),
  ]);
  const origin = request.headers.get('origin');
  if (origin !== null) {
    if (origin === 'null') return fail('opaque-origin');
    const canonical = canonicalOrigin(origin);
    return canonical !== undefined && allowed.has(canonical) ? undefined : fail('origin-mismatch');
  }
  const referer = request.headers.get('referer');
  if (referer !== null && referer !== '') {
    const canonical = canonicalOrigin(referer);
    return canonical !== undefined && allowed.has(canonical) ? undefined : fail('origin-mismatch');
  }
  return request.headers.has('cookie') ? fail('missing-origin') : undefined;
}

function fail(reason: CsrfFailureReason): SDKError {
  return sdkError('CSRF_FAILED', { status: 403, details: { reason } });
}

/**
 * `scheme://host[:port]` of an http(s) URL or origin, lower-cased with default ports dropped; undefined otherwise.
 * @example canonicalOrigin('HTTPS://App.Example.com:443/path') // 'https://app.example.com'
 */
export function canonicalOrigin(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}
