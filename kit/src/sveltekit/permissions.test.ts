// The permissions glue of the SvelteKit handle, through the real handle and an SDK with security, auth and
// permissions (PGlite, or PostgreSQL with SV_SDK_TEST_DB=postgres): `locals.can` / `locals.policy()` per request,
// the route guard table before the route runs, `requirePermission` in a load, and an SDK without the plugin.
import { isHttpError, isRedirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BASE_URL, createAuthHarness, signedUpUser, type AuthHarness } from '../auth/fixtures/harness.ts';
import type { SDKEvents } from '../core/event-map.ts';
import { permissionsPlugin } from '../permissions/plugin.ts';
import type { CheckContext } from '../permissions/conditions.ts';
import type { Policy } from '../permissions/policy.ts';
import type { PermissionsService } from '../permissions/types.ts';
import { svSdkHandle } from './handle.ts';
import { svSdkLocals, type SvSdkLocals } from './locals.ts';
import { compileRouteGuards, guardFor, requirePermission } from './permission-guards.ts';

const HTML = 'text/html,application/xhtml+xml,application/xhtml+xml;q=0.9,*/*;q=0.8';
/** The client address of every fake request unless a test says otherwise (inside the office range below). */
const OFFICE_IP = '203.0.113.50';
const OUTSIDE_IP = '198.51.100.7';

interface FakeEventOptions {
  method?: string;
  headers?: Record<string, string>;
  form?: Record<string, string>;
  cookie?: string;
  ip?: string;
  /** SvelteKit's `isDataRequest`: the `__data.json` request of a client-side navigation (suffix already stripped). */
  dataRequest?: boolean;
}

/** A RequestEvent as SvelteKit hands it to `handle` (what the handle and the guards read). */
function fakeEvent(path: string, options: FakeEventOptions = {}) {
  const url = new URL(path, BASE_URL);
  const headers = new Headers({ 'user-agent': 'vitest-browser/1.0', ...options.headers });
  if (options.cookie) headers.set('cookie', options.cookie);
  const method = options.method ?? (options.form ? 'POST' : 'GET');
  if (method !== 'GET' && !headers.has('origin')) headers.set('origin', BASE_URL);
  const request = new Request(url, {
    method,
    headers,
    body: options.form ? new URLSearchParams(options.form) : undefined,
  });
  const jar = new Map<string, string>();
  for (const part of (options.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name) jar.set(name, decodeURIComponent(rest.join('=')));
  }
  const cookies = {
    get: (name: string) => jar.get(name),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
    serialize: () => '',
  } as unknown as Cookies;
  const event = {
    url,
    request,
    cookies,
    locals: {},
    isDataRequest: options.dataRequest ?? false,
    getClientAddress: () => options.ip ?? OFFICE_IP,
  };
  return { event, asRequestEvent: event as unknown as RequestEvent };
}

const okPage = () => new Response('<!doctype html><p>page</p>', { headers: { 'content-type': 'text/html' } });

type Route = (event: RequestEvent, locals: SvSdkLocals) => Promise<Response | void> | Response | void;

/** The handle of `sdk`, and a way to send one request through it (the route runs inside `resolve`). */
function handleOf(h: AuthHarness) {
  const handle = svSdkHandle({ sdk: h.sdk });
  return async (path: string, options: FakeEventOptions & { route?: Route } = {}) => {
    const fake = fakeEvent(path, options);
    const locals = svSdkLocals(fake.event.locals);
    let resolved = false;
    const response = await handle({
      event: fake.asRequestEvent,
      resolve: async (event) => {
        resolved = true;
        return (await options.route?.(event, locals)) ?? okPage();
      },
    });
    return { response, resolved, locals };
  };
}

async function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

type Denied = SDKEvents['permission.denied'];

describe('permissions in the SvelteKit handle', () => {
  let h: AuthHarness;
  let permissions: PermissionsService;
  let through: ReturnType<typeof handleOf>;
  const denied: Denied[] = [];
  let alice: { cookie: string; userId: string };
  let bob: { cookie: string; userId: string };
  let manager: { cookie: string; userId: string };

  beforeAll(async () => {
    h = await createAuthHarness({
      sdk: {
        plugins: [
          permissionsPlugin({
            permissions: { 'post:update': 'Edit posts', 'report:read': 'Read reports' },
            ownerFields: { post: 'authorId' },
          }),
        ],
      },
    });
    permissions = h.sdk.service('permissions');
    h.sdk.events.on('permission.denied', (payload) => void denied.push(payload));
    await h.sdk.seed();
    through = handleOf(h);
    alice = await signedUpUser(h, 'alice@example.com');
    bob = await signedUpUser(h, 'bob@example.com');
    manager = await signedUpUser(h, 'manager@example.com');
    await permissions.roles.assign(manager.userId, 'manager');
    // Reports may be read from the office network only; posts edited by their authors.
    await permissions.roles.create({
      name: 'office',
      permissions: [
        { permission: 'report:read', effect: 'allow', conditions: [{ type: 'ip', ranges: ['203.0.113.0/24'] }] },
        'post:update:own',
      ],
    });
    // Reports for everyone, except from a blocked network: a deny on the client's address.
    await permissions.roles.create({
      name: 'reporter',
      permissions: [
        'report:read',
        { permission: 'report:read', effect: 'deny', conditions: [{ type: 'ip', ranges: ['198.51.100.0/24'] }] },
      ],
    });
  });
  afterAll(() => h?.close());

  describe('locals.can and locals.policy()', () => {
    it('a signed-out visitor can do nothing: the anonymous policy, no policy lookup', async () => {
      const policyFor = vi.spyOn(permissions, 'policyFor');
      try {
        const { locals, resolved } = await through('/', {
          route: async (_event, locals) => {
            expect(await locals.can('read', 'user')).toBe(false);
            expect(await locals.can('read', 'user', { id: 'anyone' })).toBe(false);
            expect(await locals.can('access', 'admin')).toBe(false);
          },
        });
        expect(resolved).toBe(true);
        expect(locals.user).toBeNull();
        expect(await locals.policy()).toBe(permissions.anonymous);
        expect(policyFor).not.toHaveBeenCalled();
      } finally {
        policyFor.mockRestore();
      }
    });

    it('a plain user: their own account, not anyone else’s, nor every account', async () => {
      const { locals } = await through('/', { cookie: alice.cookie });
      expect(locals.user?.id).toBe(alice.userId);
      expect(await locals.can('read', 'user', { id: alice.userId })).toBe(true);
      expect(await locals.can('update', 'user', { id: alice.userId })).toBe(true);
      expect(await locals.can('update', 'user', { id: bob.userId })).toBe(false);
      expect(await locals.can('read', 'user')).toBe(false);
      expect(await locals.can('ban', 'user', { id: alice.userId })).toBe(false);
      expect(await locals.can('access', 'admin')).toBe(false);
      expect((await locals.policy()).has('user:read:own')).toBe(true);
      expect((await locals.policy()).has('user:read:any')).toBe(false);
    });

    it('sees a role given (and taken) between two requests: the cached policy is dropped', async () => {
      const before = await through('/', { cookie: bob.cookie });
      expect(await before.locals.can('read', 'user', { id: alice.userId })).toBe(false);
      // Warm now: the next request would reuse the compiled policy but for the invalidation.
      expect(permissions.peekPolicy(bob.userId)).toBeDefined();

      await permissions.roles.assign(bob.userId, 'manager');
      const after = await through('/', { cookie: bob.cookie });
      expect(await after.locals.can('read', 'user', { id: alice.userId })).toBe(true);
      expect(await after.locals.can('access', 'admin')).toBe(true);
      expect(await after.locals.policy()).not.toBe(await before.locals.policy());

      await permissions.roles.revoke(bob.userId, 'manager');
      const revoked = await through('/', { cookie: bob.cookie });
      expect(await revoked.locals.can('read', 'user', { id: alice.userId })).toBe(false);
      expect(await revoked.locals.can('access', 'admin')).toBe(false);
    });

    it('reads the object: ownership through the resource’s owner field', async () => {
      await permissions.roles.assign(alice.userId, 'office');
      try {
        const { locals } = await through('/', { cookie: alice.cookie });
        expect(await locals.can('update', 'post', { authorId: alice.userId })).toBe(true);
        expect(await locals.can('update', 'post', { authorId: bob.userId })).toBe(false);
        expect(await locals.can('update', 'post', {})).toBe(false);
        // Without an object the question is "every post": an own-scope grant does not answer it.
        expect(await locals.can('update', 'post')).toBe(false);
      } finally {
        await permissions.roles.revoke(alice.userId, 'office');
      }
    });

    it('the request’s client IP is the default context of a check (an ip condition reads it)', async () => {
      await permissions.roles.assign(alice.userId, 'office');
      try {
        const inside = await through('/', { cookie: alice.cookie, ip: '203.0.113.9' });
        expect(inside.locals.clientIp).toBe('203.0.113.9');
        expect(await inside.locals.can('read', 'report')).toBe(true);

        const outside = await through('/', { cookie: alice.cookie, ip: OUTSIDE_IP });
        expect(await outside.locals.can('read', 'report')).toBe(false);
        // The policy itself, asked without a context, has no address to check: the condition does not hold.
        expect((await outside.locals.policy()).can('read', 'report')).toBe(false);
        // An explicit address overrides the request's.
        expect(await outside.locals.can('read', 'report', undefined, { ip: '203.0.113.200' })).toBe(true);
        expect(await inside.locals.can('read', 'report', undefined, { ip: OUTSIDE_IP })).toBe(false);

        // X-Forwarded-For is not the client's address without TRUSTED_PROXIES: it cannot open the condition.
        const spoofed = await through('/', {
          cookie: alice.cookie,
          ip: OUTSIDE_IP,
          headers: { 'x-forwarded-for': '203.0.113.9' },
        });
        expect(spoofed.locals.clientIp).toBe(OUTSIDE_IP);
        expect(await spoofed.locals.can('read', 'report')).toBe(false);
      } finally {
        await permissions.roles.revoke(alice.userId, 'office');
      }
    });

    it('a context given to locals.can adds to the request’s IP: a deny on the address still applies', async () => {
      await permissions.roles.assign(alice.userId, 'reporter');
      try {
        const blocked = await through('/', { cookie: alice.cookie, ip: OUTSIDE_IP });
        expect(await blocked.locals.can('read', 'report')).toBe(false);
        // A tenant (or anything else a custom predicate reads) must not drop the address the deny is about.
        expect(await blocked.locals.can('read', 'report', undefined, { tenantId: 'acme' })).toBe(false);
        expect(await blocked.locals.can('read', 'report', undefined, { now: Date.now() })).toBe(false);
        const allowed = await through('/', { cookie: alice.cookie, ip: OFFICE_IP });
        expect(await allowed.locals.can('read', 'report')).toBe(true);
        expect(await allowed.locals.can('read', 'report', undefined, { tenantId: 'acme' })).toBe(true);
      } finally {
        await permissions.roles.revoke(alice.userId, 'reporter');
      }
    });

    it('locals.policy() is loaded once per request and is the same object however often it is asked', async () => {
      await through('/', { cookie: alice.cookie }); // warm
      const policyFor = vi.spyOn(permissions, 'policyFor');
      try {
        const seen: Policy[] = [];
        const { locals } = await through('/', {
          cookie: alice.cookie,
          route: async (_event, locals) => {
            const first = locals.policy();
            expect(locals.policy()).toBe(first);
            seen.push(await first, await locals.policy());
            await Promise.all([
              locals.can('read', 'user', { id: alice.userId }),
              locals.can('update', 'user', { id: bob.userId }),
              locals.can('access', 'admin'),
            ]);
          },
        });
        seen.push(await locals.policy());
        expect(policyFor).toHaveBeenCalledTimes(1);
        expect(policyFor).toHaveBeenCalledWith(alice.userId);
        expect(seen[0]?.userId).toBe(alice.userId);
        expect(new Set(seen).size).toBe(1);
        // Warm in memory: the next request gets the same compiled policy, not a recompiled copy.
        const next = await through('/', { cookie: alice.cookie });
        expect(await next.locals.policy()).toBe(seen[0]);
      } finally {
        policyFor.mockRestore();
      }
    });

    it('no policy is loaded for a request that never asks (nor is guarded)', async () => {
      const policyFor = vi.spyOn(permissions, 'policyFor');
      try {
        const { resolved } = await through('/about', { cookie: alice.cookie });
        expect(resolved).toBe(true);
        expect(policyFor).not.toHaveBeenCalled();
      } finally {
        policyFor.mockRestore();
      }
    });
  });

  describe('the route guard table (default: /admin/** needs admin:access)', () => {
    it('a signed-out page request is sent to sign in with the way back; the route never runs', async () => {
      for (const [path, back] of [
        ['/admin', '%2Fadmin'],
        ['/admin/users', '%2Fadmin%2Fusers'],
        ['/admin/users?page=2', '%2Fadmin%2Fusers%3Fpage%3D2'],
      ] as const) {
        const { response, resolved } = await through(path, { headers: { accept: HTML } });
        expect(resolved, path).toBe(false);
        expect(response.status, path).toBe(303);
        expect(response.headers.get('location'), path).toBe(`/login?redirectTo=${back}`);
        expect(response.headers.get('x-request-id'), path).toBeTruthy();
      }
    });

    it('a signed-out data request follows a redirect to sign in; a form post or API call gets 401 as JSON', async () => {
      // A client-side navigation: SvelteKit's own redirect answer for data requests, as `requireUser` gives.
      for (const [path, back] of [
        ['/admin/users', '%2Fadmin%2Fusers'],
        ['/admin', '%2Fadmin'],
      ] as const) {
        const { response, resolved } = await through(path, { dataRequest: true });
        expect(resolved, path).toBe(false);
        expect(response.status, path).toBe(200);
        expect(await response.json(), path).toEqual({ type: 'redirect', location: `/login?redirectTo=${back}` });
      }
      const requests: [string, FakeEventOptions][] = [
        ['/admin/users', { form: { name: 'x' } }],
        ['/admin/users', { headers: { accept: 'application/json' } }],
        ['/admin/users', { method: 'DELETE' }],
      ];
      for (const [path, options] of requests) {
        const { response, resolved } = await through(path, options);
        const label = `${options.method ?? (options.form ? 'POST' : 'GET')} ${path} ${JSON.stringify(options)}`;
        expect(resolved, label).toBe(false);
        expect(response.status, label).toBe(401);
        expect(response.headers.get('content-type'), label).toContain('application/json');
        // The same code as requireUser's.
        expect(((await response.json()) as { error: { code: string } }).error.code, label).toBe('AUTH_UNAUTHENTICATED');
      }
    });

    it('a session that ended elsewhere is sent to sign in with reason=session-ended', async () => {
      const gone = await signedUpUser(h, 'gone@example.com');
      expect((await h.call('/sign-out', { body: {}, cookie: gone.cookie })).status).toBe(200);
      const { response, resolved, locals } = await through('/admin', {
        cookie: gone.cookie,
        headers: { accept: HTML },
      });
      expect(resolved).toBe(false);
      expect(locals.sessionEnded).toBe(true);
      expect(response.headers.get('location')).toBe('/login?redirectTo=%2Fadmin&reason=session-ended');
    });

    it('a plain user gets a small 403 page for a page request, emitted as permission.denied', async () => {
      const mark = denied.length;
      const { response, resolved } = await through('/admin/users', { cookie: alice.cookie, headers: { accept: HTML } });
      expect(resolved).toBe(false);
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toContain('text/html');
      const page = await response.text();
      expect(page).toContain('<h1>Not allowed</h1>');
      expect(page).not.toContain('alice@example.com');
      expect(denied.slice(mark)).toEqual([
        {
          userId: alice.userId,
          permission: 'admin:access',
          path: '/admin/users',
          method: 'GET',
          reason: 'route guard',
        },
      ]);
    });

    it('a plain user gets 403 PERMISSION_DENIED as JSON for data requests, form posts and API calls', async () => {
      const requests: [string, FakeEventOptions, string][] = [
        ['/admin/users', { dataRequest: true }, 'GET'],
        ['/admin', { dataRequest: true }, 'GET'],
        ['/admin/users', { form: { ban: alice.userId } }, 'POST'],
        ['/admin/users/7', { method: 'DELETE' }, 'DELETE'],
        ['/admin/users', { headers: { accept: 'application/json' } }, 'GET'],
      ];
      for (const [path, options, method] of requests) {
        const mark = denied.length;
        const { response, resolved } = await through(path, { ...options, cookie: bob.cookie });
        const label = `${method} ${path} ${JSON.stringify(options)}`;
        expect(resolved, label).toBe(false);
        expect(response.status, label).toBe(403);
        expect(response.headers.get('content-type'), label).toContain('application/json');
        const body = (await response.json()) as { error?: { code: string }; code?: string; message?: string };
        // A data request's body is what SvelteKit's client puts on the error page (App.Error: message and code).
        if (options.dataRequest)
          expect(body, label).toEqual({ message: 'You are not allowed to do this.', code: 'PERMISSION_DENIED' });
        else expect(body.error?.code, label).toBe('PERMISSION_DENIED');
        expect(denied.slice(mark), label).toEqual([
          { userId: bob.userId, permission: 'admin:access', path, method, reason: 'route guard' },
        ]);
      }
    });

    it('a manager (admin:access through the role) reaches the pages, their data and their actions', async () => {
      const mark = denied.length;
      const requests: [string, FakeEventOptions][] = [
        ['/admin', { headers: { accept: HTML } }],
        ['/admin/', { headers: { accept: HTML } }],
        ['/admin/users', { headers: { accept: HTML } }],
        ['/admin/users', { dataRequest: true }],
        ['/admin/users', { form: { name: 'x' } }],
      ];
      for (const [path, options] of requests) {
        const { response, resolved, locals } = await through(path, { ...options, cookie: manager.cookie });
        expect(resolved, path).toBe(true);
        expect(response.status, path).toBe(200);
        expect(locals.user?.id, path).toBe(manager.userId);
        // The guard's policy is the request's: the route's checks cost no second lookup.
        expect(await locals.can('read', 'user', { id: alice.userId }), path).toBe(true);
      }
      expect(denied.length).toBe(mark);
    });

    it('paths that only look like /admin are not guarded', async () => {
      for (const path of ['/administrator', '/adminx', '/admin-tools', '/x/admin', '/', '/reports']) {
        const visitor = await through(path, { headers: { accept: HTML } });
        expect(visitor.resolved, path).toBe(true);
        expect(visitor.response.status, path).toBe(200);
        const user = await through(path, { cookie: alice.cookie, dataRequest: true });
        expect(user.resolved, path).toBe(true);
      }
    });

    it('a percent-encoded path that SvelteKit routes to /admin is guarded too', async () => {
      // SvelteKit matches routes on the decoded pathname (`decode_pathname`), while `event.url.pathname` keeps the
      // escapes: `/%61dmin/users` is the /admin/users route.
      for (const path of ['/%61dmin', '/%61dmin/users', '/admin/%75sers', '/%61%64%6D%69%6E/users']) {
        const visitor = await through(path, { headers: { accept: HTML } });
        expect(visitor.resolved, path).toBe(false);
        expect(visitor.response.status, path).toBe(303);
        const user = await through(path, { cookie: alice.cookie, dataRequest: true });
        expect(user.resolved, path).toBe(false);
        expect(user.response.status, path).toBe(403);
      }
    });
  });

  describe('requirePermission in a load', () => {
    /** Runs `requirePermission` the way a `load` would, inside the route of a request through the handle. */
    async function load(
      path: string,
      permission: string,
      options: FakeEventOptions & { context?: CheckContext } = {},
    ): Promise<unknown> {
      let outcome: unknown;
      await through(path, {
        ...options,
        route: async (event) => {
          outcome = await requirePermission(event, permission, { context: options.context }).catch(
            (error: unknown) => error,
          );
        },
      });
      return outcome;
    }

    it('a signed-out page request (or its data request) is sent to sign in; other requests get 401', async () => {
      const page = await load('/reports?year=2024', 'report:read', { headers: { accept: HTML } });
      expect(isRedirect(page) && page.status).toBe(303);
      expect(isRedirect(page) && page.location).toBe('/login?redirectTo=%2Freports%3Fyear%3D2024');
      const data = await load('/reports', 'report:read', { dataRequest: true });
      expect(isRedirect(data) && data.location).toBe('/login?redirectTo=%2Freports');
      const post = await load('/reports', 'report:read', { form: { x: '1' } });
      expect(isHttpError(post, 401) && post.body).toMatchObject({ code: 'AUTH_UNAUTHENTICATED' });
      const api = await load('/api/reports', 'report:read', { headers: { accept: 'application/json' } });
      expect(isHttpError(api, 401)).toBe(true);
    });

    it('a signed-in user without the permission gets a 403 PERMISSION_DENIED HttpError, emitted', async () => {
      const mark = denied.length;
      const thrown = await load('/reports', 'report:read', { cookie: bob.cookie, headers: { accept: HTML } });
      expect(isHttpError(thrown, 403)).toBe(true);
      expect(isHttpError(thrown) && thrown.body).toMatchObject({ code: 'PERMISSION_DENIED' });
      expect(denied.slice(mark)).toEqual([
        {
          userId: bob.userId,
          permission: 'report:read',
          path: '/reports',
          method: 'GET',
          reason: 'missing permission',
        },
      ]);
      // A form post is refused the same way (not redirected: the user is signed in).
      const post = await load('/reports', 'user:read:any', { cookie: bob.cookie, form: { x: '1' } });
      expect(isHttpError(post, 403)).toBe(true);
      expect(denied.at(-1)).toMatchObject({ permission: 'user:read:any', method: 'POST' });
    });

    it('with the permission: the user, the session and the policy', async () => {
      const granted = (await load('/admin/users', 'user:read:any', {
        cookie: manager.cookie,
        headers: { accept: HTML },
      })) as Awaited<ReturnType<typeof requirePermission>>;
      expect(granted.user.id).toBe(manager.userId);
      expect(granted.session.userId).toBe(manager.userId);
      expect(granted.policy.userId).toBe(manager.userId);
      expect(granted.policy.has('user:read:any')).toBe(true);
      // An own-scope permission on the user's own account.
      const own = (await load('/profile', 'user:update:own', { cookie: bob.cookie })) as Awaited<
        ReturnType<typeof requirePermission>
      >;
      expect(own.user.id).toBe(bob.userId);
    });

    it('the request’s client IP is in the context; an explicit address overrides it', async () => {
      await permissions.roles.assign(bob.userId, 'office');
      try {
        const inside = await load('/reports', 'report:read', { cookie: bob.cookie, ip: '203.0.113.77' });
        expect(inside).toMatchObject({ user: { id: bob.userId } });
        const outside = await load('/reports', 'report:read', { cookie: bob.cookie, ip: OUTSIDE_IP });
        expect(isHttpError(outside, 403)).toBe(true);
        const given = await load('/reports', 'report:read', {
          cookie: bob.cookie,
          ip: OUTSIDE_IP,
          context: { ip: '203.0.113.1' },
        });
        expect(given).toMatchObject({ user: { id: bob.userId } });
      } finally {
        await permissions.roles.revoke(bob.userId, 'office');
      }
    });

    it('a context given to requirePermission adds to the request’s IP: a deny on the address still applies', async () => {
      await permissions.roles.assign(bob.userId, 'reporter');
      try {
        const context = { tenantId: 'acme' };
        const blocked = await load('/reports', 'report:read', { cookie: bob.cookie, ip: OUTSIDE_IP, context });
        expect(isHttpError(blocked, 403)).toBe(true);
        const allowed = await load('/reports', 'report:read', { cookie: bob.cookie, ip: OFFICE_IP, context });
        expect(allowed).toMatchObject({ user: { id: bob.userId } });
      } finally {
        await permissions.roles.revoke(bob.userId, 'reporter');
      }
    });
  });
});

describe('a custom route guard table', () => {
  let h: AuthHarness;
  let through: ReturnType<typeof handleOf>;
  let reader: { cookie: string; userId: string };
  let editor: { cookie: string; userId: string };

  beforeAll(async () => {
    h = await createAuthHarness({
      sdk: {
        plugins: [
          permissionsPlugin({
            permissions: { 'report:read': 'Read reports', 'post:update': 'Edit posts' },
            guards: { '/reports/**': 'report:read', '/reports/*/edit': 'post:update' },
          }),
        ],
      },
    });
    await h.sdk.seed();
    through = handleOf(h);
    const roles = h.sdk.service('permissions').roles;
    await roles.create({ name: 'reader', permissions: ['report:read'] });
    await roles.create({ name: 'editor', permissions: ['post:update'] });
    reader = await signedUpUser(h, 'reader@example.com');
    editor = await signedUpUser(h, 'editor@example.com');
    await roles.assign(reader.userId, 'reader');
    await roles.assign(editor.userId, 'editor');
  });
  afterAll(() => h?.close());

  const status = async (path: string, cookie?: string) => {
    const { response, resolved } = await through(path, { cookie, dataRequest: true });
    if (resolved) return 'resolved';
    // Signed out: SvelteKit's redirect answer to sign in.
    if (response.status === 200 && ((await response.json()) as { type?: string }).type === 'redirect') return 'sign-in';
    return response.status;
  };

  it('`**` guards the path and everything below it', async () => {
    for (const path of ['/reports', '/reports/', '/reports/7', '/reports/7/8/edit', '/reports/2024/q1/summary']) {
      expect(await status(path), path).toBe('sign-in');
      expect(await status(path, reader.cookie), path).toBe('resolved');
      expect(await status(path, editor.cookie), path).toBe(403);
    }
  });

  it('the most specific pattern wins: `/reports/*/edit` needs post:update, not report:read', async () => {
    for (const path of ['/reports/7/edit', '/reports/draft-2024/edit', '/reports/7/edit/']) {
      expect(await status(path), path).toBe('sign-in');
      expect(await status(path, reader.cookie), path).toBe(403);
      expect(await status(path, editor.cookie), path).toBe('resolved');
    }
  });

  it('adds to the default table (the admin area stays guarded), and matches nothing that only starts alike', async () => {
    for (const path of ['/admin', '/admin/users']) {
      expect(await status(path), path).toBe('sign-in');
      expect(await status(path, editor.cookie), path).toBe(403);
    }
    for (const path of ['/reportsx', '/report', '/x/reports', '/']) {
      expect(await status(path), path).toBe('resolved');
      expect(await status(path, editor.cookie), path).toBe('resolved');
    }
  });

  it('`false` removes a pattern, the default one included', async () => {
    const open = await createAuthHarness({
      sdk: { plugins: [permissionsPlugin({ guards: { '/admin/**': false } })] },
    });
    try {
      expect(open.sdk.service('permissions').guards).toEqual({});
    } finally {
      await open.close();
    }
  });

  it('is refused at start when a pattern does not start with / or names an unknown permission', async () => {
    const tables: Record<string, string>[] = [{ 'reports/**': 'report:read' }, { '/reports/**': 'report:fly' }];
    for (const guards of tables) {
      await expect(
        createAuthHarness({
          sdk: { plugins: [permissionsPlugin({ permissions: { 'report:read': 'Read reports' }, guards })] },
        }),
      ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    }
  });
});

describe('compileRouteGuards and guardFor', () => {
  const permissionAt = (table: Record<string, string>, path: string) =>
    guardFor(compileRouteGuards(table), path)?.permission;

  it('`/admin/**` covers /admin, /admin/ and everything below, nothing beside', () => {
    const table = { '/admin/**': 'admin:access' };
    for (const path of ['/admin', '/admin/', '/admin/users', '/admin/users/7/edit', '/admin/users/__data.json'])
      expect(permissionAt(table, path), path).toBe('admin:access');
    for (const path of ['/administrator', '/adminx', '/admin-tools', '/x/admin', '/', '', '/Admin/users'])
      expect(permissionAt(table, path), path).toBeUndefined();
  });

  it('`*` is exactly one segment', () => {
    const table = { '/reports/*/edit': 'post:update' };
    for (const path of ['/reports/7/edit', '/reports/7/edit/', '/reports/a.b-c/edit'])
      expect(permissionAt(table, path), path).toBe('post:update');
    for (const path of ['/reports/edit', '/reports//edit', '/reports/7/8/edit', '/reports/7/edit/x', '/reports/7'])
      expect(permissionAt(table, path), path).toBeUndefined();
  });

  it('`**` in the middle is any number of segments, none included', () => {
    const table = { '/files/**/raw': 'file:read' };
    for (const path of ['/files/raw', '/files/a/raw', '/files/a/b/c/raw'])
      expect(permissionAt(table, path), path).toBe('file:read');
    for (const path of ['/files', '/files/a', '/files/a/raw/x', '/filesraw'])
      expect(permissionAt(table, path), path).toBeUndefined();
  });

  it('the most specific (longest) pattern is tried first, whatever the table’s order', () => {
    const table = {
      '/**': 'site:read',
      '/reports/**': 'report:read',
      '/reports/*/edit': 'post:update',
      '/reports/archive/**': 'audit:read',
    };
    const guards = compileRouteGuards(table);
    expect(guards.map((guard) => guard.pattern)).toEqual([
      '/reports/archive/**',
      '/reports/*/edit',
      '/reports/**',
      '/**',
    ]);
    expect(guardFor(guards, '/reports/7/edit')?.permission).toBe('post:update');
    expect(guardFor(guards, '/reports/archive/edit')?.permission).toBe('audit:read');
    expect(guardFor(guards, '/reports/7')?.permission).toBe('report:read');
    expect(guardFor(guards, '/reports')?.permission).toBe('report:read');
    expect(guardFor(guards, '/about')?.permission).toBe('site:read');
    expect(guardFor(guards, '/')?.permission).toBe('site:read');
  });

  it('literal segments are literal: regex characters are escaped, a trailing slash is ignored', () => {
    expect(permissionAt({ '/a.b/**': 'x:y' }, '/a.b/c')).toBe('x:y');
    expect(permissionAt({ '/a.b/**': 'x:y' }, '/axb/c')).toBeUndefined();
    expect(permissionAt({ '/c++': 'x:y' }, '/c++')).toBe('x:y');
    expect(permissionAt({ '/c++': 'x:y' }, '/cc')).toBeUndefined();
    expect(permissionAt({ '/(group)/x': 'x:y' }, '/(group)/x')).toBe('x:y');
    expect(permissionAt({ '/(group)/x': 'x:y' }, '/group/x')).toBeUndefined();
    expect(permissionAt({ '/settings/': 'x:y' }, '/settings')).toBe('x:y');
    expect(permissionAt({ '/': 'x:y' }, '/')).toBe('x:y');
    expect(permissionAt({ '/': 'x:y' }, '/a')).toBeUndefined();
  });

  it('matches the path SvelteKit routes: percent-escapes decoded (but %2F and %25 kept, as SvelteKit keeps them)', () => {
    const table = { '/admin/**': 'admin:access' };
    expect(permissionAt(table, '/%61dmin')).toBe('admin:access');
    expect(permissionAt(table, '/%61%64%6D%69%6E/users')).toBe('admin:access');
    expect(permissionAt(table, '/admin%2Fusers')).toBeUndefined(); // one segment to SvelteKit too
    expect(permissionAt(table, '/%2561dmin')).toBeUndefined(); // `%2561` is the text "%61", not an "a"
    expect(permissionAt(table, '/%E0%A4%A/admin')).toBeUndefined(); // malformed: SvelteKit refuses it (400)
    expect(permissionAt({ '/caf\u00e9/**': 'x:y' }, '/caf%C3%A9/menu')).toBe('x:y');
  });

  it('an empty table guards nothing', () => {
    expect(compileRouteGuards({})).toEqual([]);
    expect(guardFor([], '/admin')).toBeUndefined();
  });
});

describe('an SDK without the permissions plugin', () => {
  let h: AuthHarness;
  let through: ReturnType<typeof handleOf>;
  beforeAll(async () => {
    h = await createAuthHarness();
    through = handleOf(h);
  });
  afterAll(() => h?.close());

  it('locals.can is false for everyone, locals.policy() rejects, and no guard applies', async () => {
    const { cookie, userId } = await signedUpUser(h, 'plain@example.com');
    const signedIn = await through('/admin/users', { cookie, headers: { accept: HTML } });
    expect(signedIn.resolved).toBe(true);
    expect(signedIn.locals.user?.id).toBe(userId);
    expect(await signedIn.locals.can('read', 'user', { id: userId })).toBe(false);
    await expect(signedIn.locals.policy()).rejects.toThrow(/permissions plugin/);

    const visitor = await through('/admin', { headers: { accept: HTML } });
    expect(visitor.resolved).toBe(true);
    expect(visitor.response.status).toBe(200);
    expect(await visitor.locals.can('access', 'admin')).toBe(false);
    const data = await through('/admin/users', { dataRequest: true });
    expect(data.resolved).toBe(true);
  });

  it('requirePermission says the plugin is missing (a programming error, not a 403)', async () => {
    const { cookie } = await signedUpUser(h, 'plain-load@example.com');
    let thrown: unknown;
    await through('/reports', {
      cookie,
      route: async (event) => {
        thrown = await thrownBy(requirePermission(event, 'report:read'));
      },
    });
    expect(isHttpError(thrown)).toBe(false);
    expect(String(thrown)).toMatch(/needs the permissions plugin/);
  });
});
