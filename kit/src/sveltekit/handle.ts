import { randomUUID } from 'node:crypto';
import type { Handle } from '@sveltejs/kit/hooks';
import type { AuthService, AuthSessionRecord, AuthSessionUser } from '../auth/types.ts';
import type { SDK } from '../core/sdk.ts';
import { databaseUnavailableError, RETRY_AFTER_SECONDS, sdkError, toHttpResponse } from '../core/errors.ts';
import { getRequestContext, runWithRequestContext, type ResponseCookieOptions } from '../core/request-context.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';
import { checkOrigin } from '../security/csrf.ts';
import { applySecurityHeaders, type SecurityHeadersOptions } from '../security/headers.ts';
import type { SecurityService } from '../security/types.ts';
import type { CheckContext } from '../permissions/conditions.ts';
import type { Policy } from '../permissions/policy.ts';
import type { PermissionsService } from '../permissions/types.ts';
import { svSdkLocals, type RequestSession, type SessionUser, type SvSdkLocals } from './locals.ts';
import { compileRouteGuards, guardFor, type RouteGuard } from './permission-guards.ts';

export type SDKSource = SDK | Promise<SDK> | (() => SDK | Promise<SDK>);

export interface SvSdkHandleOptions {
  /** The app's SDK (one per process): the instance, a promise of it, or a function returning either. */
  sdk: SDKSource;
  /**
   * Origins besides the app's own allowed to send mutating requests (CSRF). The auth service's trusted origins
   * (TRUSTED_ORIGINS) are always added.
   */
  trustedOrigins?: readonly string[];
  /** Security headers on every response; `false` leaves headers to the app. */
  headers?: Omit<SecurityHeadersOptions, 'production' | 'kind'> | false;
  /**
   * Keep an incoming `x-request-id` (a load balancer's) instead of making one. Only ids of 1–128 characters of
   * `[A-Za-z0-9._:-]` are kept, so the header cannot inject anything into logs. @default true
   */
  acceptRequestId?: boolean;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The SDK and the services the handle uses, looked up once per SDK rather than on every request. */
interface HandleServices {
  sdk: SDK;
  security: SecurityService | undefined;
  auth: AuthService | undefined;
  permissions: PermissionsService | undefined;
  guards: readonly RouteGuard[];
}

function servicesGetter(source: SDKSource): () => Promise<HandleServices> {
  let pending: Promise<HandleServices> | undefined;
  return () => {
    // A failed start is not cached: the next request tries again (the app's singleton decides about retries).
    pending ??= Promise.resolve(typeof source === 'function' ? source() : source).then(
      (sdk) => ({
        sdk,
        security: sdk.plugins.includes('security') ? sdk.service('security') : undefined,
        auth: sdk.plugins.includes('auth') ? sdk.service('auth') : undefined,
        ...permissionServices(sdk),
      }),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}

/**
 * sv-sdk's SvelteKit `handle`: gives each request an id and the client IP (rate limits, sessions, logs), answers
 * better-auth's endpoints under `/api/auth` (nothing else reaches better-auth, so other request bodies are never
 * read), resolves the session into `event.locals.user/session`, refuses cross-site mutating requests (CSRF) and adds
 * the security headers to every response. Compose it first with `sequence(svSdkHandle(...), appHandle)`.
 * @example
 * export const handle = svSdkHandle({ sdk: getSDK });
 */
export function svSdkHandle(options: SvSdkHandleOptions): Handle {
  const getServices = servicesGetter(options.sdk);
  const acceptRequestId = options.acceptRequestId ?? true;

  return async ({ event, resolve }) => {
    const incomingId = acceptRequestId ? event.request.headers.get('x-request-id') : null;
    const requestId = incomingId !== null && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    const { sdk, security, auth, permissions, guards } = await getServices();
    const clientIp = security
      ? security.clientAddress(() => event.getClientAddress(), event.request.headers)
      : event.getClientAddress();

    const locals = svSdkLocals(event.locals);
    locals.sdk = sdk;
    locals.requestId = requestId;
    locals.clientIp = clientIp;
    locals.user = null;
    locals.session = null;
    locals.sessionEnded = false;
    locals.sessionUnavailable = false;

    const production = sdk.config.NODE_ENV === 'production';
    const finish = (response: Response, kind: 'page' | 'api'): Response => {
      const headers = mutableHeaders(response);
      if (options.headers !== false) applySecurityHeaders(headers.headers, { ...options.headers, production, kind });
      headers.headers.set('x-request-id', requestId);
      // A 503 (the database away) says when to come back, whoever made it (guards, the auth handler, the app).
      if (response.status === 503 && !headers.headers.has('retry-after'))
        headers.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
      return headers.response;
    };

    const userAgent = event.request.headers.get('user-agent')?.slice(0, 512) ?? undefined;
    // The cookie bridge: cookies that server-side auth calls set while this request is handled (a session renewed
    // by getSession below, an `auth.api.*` call in an action) go onto the response.
    const setCookie = (name: string, value: string, cookie: ResponseCookieOptions) =>
      event.cookies.set(name, value, cookie);
    return runWithRequestContext({ requestId, clientIp, userAgent, setCookie }, async () => {
      const csrf = checkOrigin(event.request, [...(options.trustedOrigins ?? []), ...(auth?.trustedOrigins ?? [])]);
      if (csrf) {
        sdk.logger.warn({ path: event.url.pathname, reason: csrf.details?.reason }, 'cross-site request refused');
        return finish(toHttpResponse(csrf, requestId), 'api');
      }

      if (auth && isUnder(event.url.pathname, auth.basePath)) {
        // Auth answers (sessions, tokens, lists) are per person: never kept by a browser or a shared cache.
        return finish(privateResponse(await auth.handler(event.request)), 'api');
      }

      if (auth && event.request.headers.has('cookie')) {
        let current: Awaited<ReturnType<typeof auth.getSession>> = null;
        try {
          current = await auth.getSession(event.request.headers);
        } catch (error) {
          // Not in the cache and the database is away: the person may well be signed in. Pages that need the user
          // answer 503 (the guards), the others render signed out; nobody is signed out.
          if (!isDatabaseUnavailable(error) && (await sdk.db.available())) throw error;
          locals.sessionUnavailable = true;
        }
        if (current) {
          locals.user = toSessionUser(current.user);
          locals.session = toRequestSession(current.session);
          const context = getRequestContext();
          if (context) context.userId = current.user.id;
        } else if (!locals.sessionUnavailable && event.cookies.get(auth.sessionCookieName) !== undefined) {
          locals.sessionEnded = true;
        }
      }
      if (permissions) {
        const loadPolicy = (): Promise<Policy> =>
          locals.user ? permissions.policyFor(locals.user.id) : Promise.resolve(permissions.anonymous);
        let policy: Promise<Policy> | undefined;
        const requestContext: CheckContext = { ip: clientIp };
        locals.policy = () => (policy ??= loadPolicy());
        // A context given adds to the request's (an `ip` in it overrides the client's): passing `{ tenantId }` must
        // not drop the address an ip-conditioned deny is about.
        locals.can = async (action, resource, object, context) =>
          (await locals.policy()).can(
            action,
            resource,
            object,
            context === undefined ? requestContext : { ...requestContext, ...context },
          );
        const guard = guards.length ? guardFor(guards, event.url.pathname) : undefined;
        if (guard) {
          const refused = await refuseUnlessPermitted(event, guard.permission, locals, requestContext);
          if (refused)
            return finish(refused, refused.headers.get('content-type')?.startsWith('text/html') ? 'page' : 'api');
        }
      } else {
        locals.can = () => Promise.resolve(false);
        locals.policy = () => Promise.reject(new Error('locals.policy() needs the permissions plugin.'));
      }
      const response = await resolve(event);
      const kind = response.headers.get('content-type')?.startsWith('text/html') ? 'page' : 'api';
      // A response made for a signed-in person may carry their data: after sign-out, Back must not show it from
      // the browser's cache, and no shared cache may keep it.
      return finish(locals.user ? privateResponse(response) : response, kind);
    });
  };
}

function permissionServices(sdk: SDK): Pick<HandleServices, 'permissions' | 'guards'> {
  if (!sdk.plugins.includes('permissions')) return { permissions: undefined, guards: [] };
  const permissions = sdk.service('permissions');
  return { permissions, guards: compileRouteGuards(permissions.guards) };
}

/**
 * The route guard table's check, before the route runs (its pages, data requests, actions and endpoints alike):
 * undefined when the request may go on, else the answer — sign-in for a signed-out page request, a 401 or 403
 * `{ error: { code } }` for the others, a small 403 page for a signed-in page request. Refusals of signed-in
 * users are emitted as `permission.denied` (audited).
 */
async function refuseUnlessPermitted(
  event: Parameters<Handle>[0]['event'],
  permission: string,
  locals: SvSdkLocals,
  context: CheckContext,
): Promise<Response | undefined> {
  const data = event.isDataRequest === true;
  const page =
    event.request.method === 'GET' && (data || (event.request.headers.get('accept') ?? '').includes('text/html'));
  if (!locals.user) {
    if (locals.sessionUnavailable) return toHttpResponse(databaseUnavailableError(), locals.requestId);
    if (page) {
      const back = event.url.pathname + event.url.search;
      const reason = locals.sessionEnded ? '&reason=session-ended' : '';
      const location = `/login?redirectTo=${encodeURIComponent(back)}${reason}`;
      // A client-side navigation's data request follows a redirect in SvelteKit's own answer format, as it does
      // when `requireUser` redirects from a load.
      if (data) return Response.json({ type: 'redirect', location });
      return new Response(null, { status: 303, headers: { location } });
    }
    return toHttpResponse(
      sdkError('AUTH_UNAUTHENTICATED', { status: 401, message: 'Sign in to continue.' }),
      locals.requestId,
    );
  }
  if ((await locals.policy()).has(permission, context)) return undefined;
  await locals.sdk.events.emit('permission.denied', {
    userId: locals.user.id,
    permission,
    path: event.url.pathname,
    method: event.request.method,
    reason: 'route guard',
  });
  if (page && !data)
    return new Response(FORBIDDEN_PAGE, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8' } });
  // SvelteKit's client shows a data request's JSON error body (`message`, and `code` for App.Error) on the error page.
  if (data)
    return Response.json({ message: 'You are not allowed to do this.', code: 'PERMISSION_DENIED' }, { status: 403 });
  return toHttpResponse(sdkError('PERMISSION_DENIED'), locals.requestId);
}

const FORBIDDEN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Not allowed</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem"><main><h1>Not allowed</h1><p>Your account does not have access to this page.</p><p><a href="/">Go to the home page</a></p></main></body></html>`;

// Explicit copies: the session token and anything else better-auth carries must not reach `locals` (and from
// there, by accident, page data).
function toSessionUser(user: AuthSessionUser): SessionUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerified,
    image: user.image ?? null,
    role: user.role ?? null,
    twoFactorEnabled: user.twoFactorEnabled === true,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

function toRequestSession(session: AuthSessionRecord): RequestSession {
  return {
    id: session.id,
    userId: session.userId,
    expiresAt: session.expiresAt,
    createdAt: session.createdAt,
    ipAddress: session.ipAddress ?? null,
    userAgent: session.userAgent ?? null,
    impersonatedBy: session.impersonatedBy ?? null,
  };
}

function isUnder(pathname: string, basePath: string): boolean {
  return pathname === basePath || pathname.startsWith(basePath.endsWith('/') ? basePath : `${basePath}/`);
}

/** `Cache-Control: private, no-store`, whatever the response said before. */
function privateResponse(response: Response): Response {
  const { response: out, headers } = mutableHeaders(response);
  headers.set('cache-control', 'private, no-store');
  return out;
}

/** Responses from `fetch` or `Response.redirect` have immutable headers: copy them into a new response then. */
function mutableHeaders(response: Response): { response: Response; headers: Headers } {
  try {
    response.headers.set('x-sv-sdk', '1');
    response.headers.delete('x-sv-sdk');
    return { response, headers: response.headers };
  } catch {
    const copy = new Response(response.body, response);
    return { response: copy, headers: copy.headers };
  }
}
