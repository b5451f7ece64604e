// The second step of a sign-in (`/login/two-factor`): a TOTP or backup code.
import { auth, type PageEvent } from './shared.ts';

export function load({ url }: PageEvent) {
  return {
    redirectTo: url.searchParams.get('redirectTo') ?? undefined,
    backup: url.searchParams.get('method') === 'backup',
    /** This page's path: the switch between code kinds links back here. */
    path: url.pathname,
  };
}

export const actions = { default: auth.verifyTwoFactor };
