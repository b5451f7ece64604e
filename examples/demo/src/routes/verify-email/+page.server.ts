import { authActions } from '@sv-sdk/kit/sveltekit';
import type { Actions, PageServerLoad } from './$types';

const auth = authActions();

// better-auth's verification link (/api/auth/verify-email) verifies, then sends the browser here with
// `?verified=1`, or with `?error=…` when the token is invalid or expired.
export const load: PageServerLoad = ({ url, locals }) => ({
  status: url.searchParams.has('error') ? 'error' : url.searchParams.has('verified') ? 'verified' : 'pending',
  email: url.searchParams.get('email') ?? locals.user?.email ?? undefined,
});

export const actions: Actions = { resend: auth.resendVerification };
