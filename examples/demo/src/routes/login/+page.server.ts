import { redirect } from '@sveltejs/kit';
import { authActions } from '@sv-sdk/kit/sveltekit';
import type { Actions, PageServerLoad } from './$types';

const auth = authActions();

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.user) redirect(303, '/');
  return {
    redirectTo: url.searchParams.get('redirectTo') ?? undefined,
    reset: url.searchParams.has('reset'),
    sessionEnded: url.searchParams.get('reason') === 'session-ended',
    // A mailed link that could not sign in (AUTH_ACCOUNT_UNAVAILABLE, AUTH_TOKEN_EXPIRED…): a code, shown as its message.
    linkError: /^[A-Z][A-Z0-9_]{2,63}$/.test(url.searchParams.get('error') ?? '')
      ? url.searchParams.get('error')
      : null,
  };
};

export const actions: Actions = { login: auth.login, resend: auth.resendVerification };
