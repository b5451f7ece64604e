// The sign-in page (`/login`): password sign-in and the verification resend.
import { redirect } from '@sveltejs/kit';
import { svSdkLocals } from '../locals.ts';
import { auth, errorCodeParam, type PageEvent } from './shared.ts';

export function load({ url, locals }: PageEvent) {
  if (svSdkLocals(locals).user) redirect(303, '/');
  return {
    redirectTo: url.searchParams.get('redirectTo') ?? undefined,
    /** Sent here after a password reset. */
    reset: url.searchParams.has('reset'),
    /** Sent here because the session ended elsewhere (the guards add `reason=session-ended`). */
    sessionEnded: url.searchParams.get('reason') === 'session-ended',
    /** A mailed link that could not sign in (`AUTH_ACCOUNT_UNAVAILABLE`, `AUTH_TOKEN_EXPIRED`…). */
    linkError: errorCodeParam(url),
  };
}

export const actions = { login: auth.login, resend: auth.resendVerification };
