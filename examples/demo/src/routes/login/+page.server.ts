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
  };
};

export const actions: Actions = { login: auth.login, resend: auth.resendVerification };
