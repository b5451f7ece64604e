import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';
import { parseSetCookieHeader, toCookieOptions, type CookieAttributes } from 'better-auth/cookies';
import type { Logger } from '../core/logger.ts';
import { getRequestContext, type ResponseCookieOptions } from '../core/request-context.ts';

export const REQUEST_COOKIES_PLUGIN_ID = 'sv-sdk-request-cookies';

/**
 * The cookie bridge (what better-auth's `sveltekitCookies(getRequestEvent)` does, without `$app/server`): an endpoint
 * called on the server (`auth.api.*`, e.g. `getSession` renewing a session inside the SvelteKit handle) returns its
 * Set-Cookie headers to the caller, not to the browser. This after hook hands them to the request context's
 * `setCookie` (the handle puts `event.cookies.set` there), so they reach the response. Calls through `auth.handler`
 * (better-auth's router) are left alone: their response carries the cookies. Outside a request (CLI, worker) it does
 * nothing. It must be better-auth's last plugin, so it sees the cookies every other after hook set.
 */
export function requestCookies(logger: Logger): BetterAuthPlugin {
  return {
    id: REQUEST_COOKIES_PLUGIN_ID,
    hooks: {
      after: [
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (ctx) => {
            if ('_flag' in ctx && ctx._flag === 'router') return;
            const setCookie = getRequestContext()?.setCookie;
            const headers = ctx.context.responseHeaders;
            if (!setCookie || !(headers instanceof Headers)) return;
            for (const header of headers.getSetCookie()) {
              for (const [name, attributes] of parseSetCookieHeader(header)) {
                try {
                  setCookie(name, attributes.value, responseCookieOptions(attributes));
                } catch (error) {
                  // SvelteKit refuses cookies once the response has been sent (a call after `resolve`).
                  logger.debug({ err: error, cookie: name }, 'cookie not set: the response has been sent');
                }
              }
            }
          }),
        },
      ],
    },
  };
}

/**
 * A Set-Cookie's attributes as SvelteKit's `cookies.set` takes them. Unstated attributes get better-auth's own
 * defaults rather than SvelteKit's: better-auth decided from its base URL whether the cookie is Secure, and
 * SvelteKit would otherwise force it on.
 */
export function responseCookieOptions(attributes: CookieAttributes): ResponseCookieOptions {
  const options = toCookieOptions(attributes);
  return {
    ...options,
    path: options.path ?? '/',
    secure: options.secure ?? false,
    httpOnly: options.httpOnly ?? true,
    sameSite: options.sameSite ?? 'lax',
  };
}
