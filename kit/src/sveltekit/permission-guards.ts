import { error } from '@sveltejs/kit';
import type { CheckContext } from '../permissions/conditions.ts';
import type { Policy } from '../permissions/policy.ts';
import type { PermissionsService } from '../permissions/types.ts';
import { requireUser, type AuthenticatedRequest, type GuardEvent, type GuardOptions } from './guards.ts';
import { svSdkLocals } from './locals.ts';

/** A route guard table compiled: URL pattern → permission. `*` is one path segment, `**` any rest (or none). */
export interface RouteGuard {
  pattern: string;
  permission: string;
  matches(pathname: string): boolean;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\§]/g, '\\$&');

/** Compiles `{ '/admin/**': 'admin:access' }` into matchers, most specific (longest) pattern first. */
export function compileRouteGuards(table: Readonly<Record<string, string>>): RouteGuard[] {
  return Object.entries(table)
    .map(([pattern, permission]) => {
      const source = pattern
        .replace(/\/+$/, '')
        .split('/')
        .map((segment) => (segment === '**' ? '§§' : segment === '*' ? '[^/]+' : escape(segment)))
        .join('/')
        // `/admin/**` covers `/admin` itself and everything below it.
        .replaceAll('/§§', '(?:/.*)?')
        .replaceAll('§§', '.*');
      const regex = new RegExp(`^${source || ''}/?$`);
      return { pattern, permission, matches: (pathname: string) => regex.test(pathname) };
    })
    .sort((a, b) => b.pattern.length - a.pattern.length);
}

/**
 * The path as SvelteKit matches it against its routes (its `decode_pathname`): percent-escapes decoded except `%25`
 * (and what `decodeURI` keeps, such as `%2F`). `event.url.pathname` keeps the escapes, so `/%61dmin` would miss
 * `/admin/**` while SvelteKit serves it the /admin route. A malformed escape is left as it is (SvelteKit answers 400).
 */
function routedPath(pathname: string): string {
  if (!pathname.includes('%')) return pathname;
  try {
    return pathname.split('%25').map(decodeURI).join('%25');
  } catch {
    return pathname;
  }
}

/** The permission a path needs by the table, or undefined. */
export function guardFor(guards: readonly RouteGuard[], pathname: string): RouteGuard | undefined {
  const routed = routedPath(pathname);
  return guards.find((guard) => guard.matches(routed));
}

function permissionsOf(event: GuardEvent): PermissionsService {
  const { sdk } = svSdkLocals(event.locals);
  if (!sdk.plugins.includes('permissions'))
    throw new Error('requirePermission needs the permissions plugin (permissionsPlugin() in sv-sdk.config.ts).');
  return sdk.service('permissions');
}

// The app's App.Error decides which extra properties `error()` accepts; sv-sdk always adds its stable `code`.
const errorWithCode = error as unknown as (status: number, message: string, properties: { code: string }) => never;

/**
 * The signed-in user, who must hold `permission` (`user:read:any`, `post:update:own`): otherwise signed-out page
 * requests go to sign in (as `requireUser`) and signed-in ones get a 403 `PERMISSION_DENIED` (the app's error page,
 * or JSON for endpoints), emitted as `permission.denied` for the audit log.
 * @example
 * export const load = async (event) => { const { user } = await requirePermission(event, 'user:read:any'); … };
 */
export async function requirePermission(
  event: GuardEvent,
  permission: string,
  options: GuardOptions & { context?: CheckContext } = {},
): Promise<AuthenticatedRequest & { policy: Policy }> {
  const authenticated = requireUser(event, options);
  const locals = svSdkLocals(event.locals);
  // The request's policy (loaded once per request by the handle); outside the handle (tests, scripts), the service.
  const policy =
    typeof locals.policy === 'function'
      ? await locals.policy()
      : await permissionsOf(event).policyFor(authenticated.user.id);
  // The request's client IP is always in the context (a context given adds to it, its `ip` overrides it).
  if (policy.has(permission, { ip: locals.clientIp, ...options.context })) return { ...authenticated, policy };
  await locals.sdk.events.emit('permission.denied', {
    userId: authenticated.user.id,
    permission,
    path: event.url.pathname,
    method: event.request.method,
    reason: 'missing permission',
  });
  return errorWithCode(403, 'You are not allowed to do this.', { code: 'PERMISSION_DENIED' });
}
