import type { RouteContribution } from '../routes/types.ts';

const page = (path: string, name: string, component = true): RouteContribution => ({
  group: 'auth',
  path,
  kind: 'page',
  ...(component ? { component: `@sv-sdk/components/pages/${name}` } : {}),
  server: { module: `@sv-sdk/kit/pages/${name}`, exports: ['load', 'actions'] },
});

/**
 * The pages the auth plugin adds to the app, in `src/routes/(auth)`: sign-in (and its two-factor step), sign-up,
 * verification, password reset, the profile (sessions, two-factor, deletion) and sign-out. `/api/auth/*` needs no
 * route file: the SDK's handle answers it.
 */
export const AUTH_ROUTES: readonly RouteContribution[] = [
  page('login', 'login'),
  page('login/two-factor', 'two-factor'),
  page('signup', 'signup'),
  page('verify-email', 'verify-email'),
  page('reset-password', 'reset-password'),
  page('profile', 'profile'),
  page('logout', 'logout', false),
];
