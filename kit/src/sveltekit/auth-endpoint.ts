import { parseSetCookieHeader } from 'better-auth/cookies';
import type { Cookies } from '@sveltejs/kit';
import { responseCookieOptions } from '../auth/request-cookies.ts';
import type { AuthFormError } from './form-state.ts';
import { svSdkLocals } from './locals.ts';

/** What the auth form actions read from a SvelteKit `RequestEvent`. */
export interface AuthActionEvent {
  locals: object;
  url: URL;
  request: Request;
  cookies: Cookies;
}

export type AuthEndpointResult<T> =
  { ok: true; status: number; data: T } | { ok: false; status: number; error: AuthFormError };

/** Request headers a browser request passes on to better-auth: who is asking, from where. */
const FORWARDED_HEADERS = ['user-agent', 'origin', 'referer', 'accept-language', 'x-forwarded-for'];

/**
 * Calls one of better-auth's endpoints for a form action, through the same `auth.handler` as `/api/auth/*` (so the
 * same origin check, rate limits, body limit and error codes apply), and copies the cookies it sets onto the
 * action's response. Errors come back as `{ code, message, details, requestId }`, never thrown.
 */
export async function callAuthEndpoint<T>(
  event: AuthActionEvent,
  method: 'GET' | 'POST',
  path: string,
  body?: Record<string, unknown>,
): Promise<AuthEndpointResult<T>> {
  const { sdk, requestId } = svSdkLocals(event.locals);
  const auth = sdk.service('auth');
  const headers = new Headers();
  for (const name of FORWARDED_HEADERS) {
    const value = event.request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  // The cookies as they are now, not as the request brought them: an earlier call in this request may have replaced
  // the session (change password rotates it), and the stale one would make better-auth clear the new cookie.
  const cookie = event.cookies
    .getAll()
    .map(({ name, value }) => `${name}=${encodeURIComponent(value)}`)
    .join('; ');
  if (cookie !== '') headers.set('cookie', cookie);
  // A form post always carries Origin in browsers; better-auth checks it against its trusted origins.
  if (!headers.has('origin')) headers.set('origin', event.url.origin);
  if (body !== undefined) headers.set('content-type', 'application/json');
  const request = new Request(new URL(`${auth.basePath}${path}`, event.url), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const response = await auth.handler(request);
  copyCookies(response, event.cookies);
  const text = await response.text();
  const parsed = parseJson(text);
  if (response.ok) return { ok: true, status: response.status, data: parsed as T };
  const error = isErrorBody(parsed)
    ? parsed.error
    : { code: response.status === 429 ? 'RATE_LIMITED' : 'UNKNOWN', requestId };
  return { ok: false, status: response.status, error };
}

function copyCookies(response: Response, cookies: Cookies): void {
  for (const header of response.headers.getSetCookie()) {
    for (const [name, attributes] of parseSetCookieHeader(header)) {
      cookies.set(name, attributes.value, responseCookieOptions(attributes));
    }
  }
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function isErrorBody(value: unknown): value is { error: AuthFormError } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}
