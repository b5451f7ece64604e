import { describe, expect, it } from 'vitest';
import { authPlugin } from '../auth/plugin.ts';
import { CORE_ROUTES, routeFilesFor } from './files.ts';
import type { RouteContribution } from './types.ts';

const plugin = (name: string, routes: RouteContribution[]) => ({ name, routes });

describe('routeFilesFor', () => {
  it("turns the auth plugin's routes into thin files importing the packaged page and its load/actions", () => {
    const files = routeFilesFor([authPlugin()]);
    expect(files.map((file) => file.path).sort()).toEqual([
      '(auth)/login/+page.server.ts',
      '(auth)/login/+page.svelte',
      '(auth)/login/two-factor/+page.server.ts',
      '(auth)/login/two-factor/+page.svelte',
      '(auth)/logout/+page.server.ts',
      '(auth)/profile/+page.server.ts',
      '(auth)/profile/+page.svelte',
      '(auth)/reset-password/+page.server.ts',
      '(auth)/reset-password/+page.svelte',
      '(auth)/signup/+page.server.ts',
      '(auth)/signup/+page.svelte',
      '(auth)/verify-email/+page.server.ts',
      '(auth)/verify-email/+page.svelte',
    ]);
    const byPath = new Map(files.map((file) => [file.path, file.content]));
    expect(byPath.get('(auth)/login/+page.server.ts')).toBe(
      "export { actions, load } from '@sv-sdk/kit/pages/login';\n",
    );
    expect(byPath.get('(auth)/login/two-factor/+page.svelte')).toContain(
      "import Page from '@sv-sdk/components/pages/two-factor';",
    );
    expect(routeFilesFor([authPlugin({ routes: false })])).toEqual([]);
  });

  it("the SDK's own routes: /health and /ready as endpoints in (health), left out with the group", () => {
    expect(routeFilesFor([CORE_ROUTES])).toEqual([
      { path: '(health)/health/+server.ts', content: "export { GET } from '@sv-sdk/kit/endpoints/health';\n" },
      { path: '(health)/ready/+server.ts', content: "export { GET } from '@sv-sdk/kit/endpoints/ready';\n" },
    ]);
    expect(routeFilesFor([CORE_ROUTES], { groups: { health: false } })).toEqual([]);
  });

  it('leaves out groups and routes, and mounts a group under a base path', () => {
    expect(routeFilesFor([authPlugin()], { groups: { auth: false } })).toEqual([]);
    const paths = routeFilesFor([authPlugin()], {
      exclude: ['auth/profile', 'auth/logout'],
      groups: { auth: { base: 'account' } },
    }).map((file) => file.path);
    expect(paths).toContain('(auth)/account/login/+page.svelte');
    expect(paths.some((path) => path.includes('profile') || path.includes('logout'))).toBe(false);
  });

  it('writes an endpoint as a +server.ts re-exporting its methods', () => {
    const files = routeFilesFor([
      plugin('email', [
        {
          group: 'email',
          path: 'api/email/webhooks/[provider]',
          kind: 'endpoint',
          server: { module: '@sv-sdk/kit/email/webhook', exports: ['POST'] },
        },
      ]),
    ]);
    expect(files).toEqual([
      {
        path: '(email)/api/email/webhooks/[provider]/+server.ts',
        content: "export { POST } from '@sv-sdk/kit/email/webhook';\n",
      },
    ]);
  });

  it('refuses what would write outside a route folder or inject code', () => {
    const page = (over: Partial<RouteContribution>): RouteContribution => ({
      group: 'x',
      path: 'a',
      kind: 'page',
      component: '@sv-sdk/components/pages/a',
      ...over,
    });
    for (const [route, message] of [
      [page({ path: '../etc' }), /invalid segment '\.\.'/],
      [page({ path: 'a/./b' }), /invalid segment '\.'/],
      [page({ group: 'X Y' }), /invalid group/],
      [page({ component: "x'; alert(1); '" }), /invalid module/],
      [page({ server: { module: '@sv-sdk/kit/pages/a', exports: ['load; evil'] } }), /invalid name/],
      [page({ component: undefined }), /neither a component nor server exports/],
      [{ group: 'x', path: 'e', kind: 'endpoint' } as RouteContribution, /needs server exports/],
    ] as const) {
      expect(() => routeFilesFor([plugin('p', [route])]), JSON.stringify(route)).toThrow(message);
    }
    expect(() => routeFilesFor([plugin('p', [page({})]), plugin('q', [page({})])])).toThrow(
      /contributed twice \(p and q\)/,
    );
    expect(() => routeFilesFor([plugin('p', [page({})])], { groups: { x: { base: '../up' } } })).toThrow(/base/);
  });
});
