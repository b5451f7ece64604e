import { authActions } from '@sv-sdk/kit/sveltekit';
import type { Actions, PageServerLoad } from './$types';

const auth = authActions();

// better-auth's reset link (/api/auth/reset-password/<token>) checks the token, then sends the browser here with
// `?token=…` (or `?error=INVALID_TOKEN`).
export const load: PageServerLoad = ({ url }) => ({
  token: url.searchParams.get('token') ?? undefined,
  invalid: url.searchParams.has('error'),
});

export const actions: Actions = { request: auth.requestPasswordReset, reset: auth.resetPassword };
