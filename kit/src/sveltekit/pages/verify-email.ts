// The verification page (`/verify-email`): better-auth's link (/api/auth/verify-email) verifies, then sends the
// browser here with `?verified=1`, or with `?error=…` when the token is invalid or expired.
import { svSdkLocals } from '../locals.ts';
import { auth, type PageEvent } from './shared.ts';

export function load({ url, locals }: PageEvent) {
  const status: 'pending' | 'verified' | 'error' = url.searchParams.has('error')
    ? 'error'
    : url.searchParams.has('verified')
      ? 'verified'
      : 'pending';
  return { status, email: url.searchParams.get('email') ?? svSdkLocals(locals).user?.email ?? undefined };
}

export const actions = { resend: auth.resendVerification };
