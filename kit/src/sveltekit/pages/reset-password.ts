// The password reset page (`/reset-password`): better-auth's link (/api/auth/reset-password/<token>) checks the
// token, then sends the browser here with `?token=…` (or `?error=INVALID_TOKEN`).
import { auth, type PageEvent } from './shared.ts';

export function load({ url }: PageEvent) {
  return { token: url.searchParams.get('token') ?? undefined, invalid: url.searchParams.has('error') };
}

export const actions = { request: auth.requestPasswordReset, reset: auth.resetPassword };
