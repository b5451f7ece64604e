import { authActions } from '@sv-sdk/kit/sveltekit';
import type { Actions, PageServerLoad } from './$types';

const auth = authActions();

export const load: PageServerLoad = ({ url }) => ({
  redirectTo: url.searchParams.get('redirectTo') ?? undefined,
  backup: url.searchParams.get('method') === 'backup',
});

export const actions: Actions = { default: auth.verifyTwoFactor };
