import { redirect } from '@sveltejs/kit';
import { authActions } from '@sv-sdk/kit/sveltekit';
import type { Actions, PageServerLoad } from './$types';

const auth = authActions();

export const load: PageServerLoad = ({ locals }) => {
  if (locals.user) redirect(303, '/');
};

export const actions: Actions = { default: auth.signup };
