// The account page (`/profile`): name and email, password, two-factor, sessions, deletion. Signed in only.
import { listOwnSessions } from '../auth-actions.ts';
import type { AuthActionEvent } from '../auth-endpoint.ts';
import { requireUser } from '../guards.ts';
import { auth } from './shared.ts';

export async function load(event: AuthActionEvent & { isDataRequest?: boolean }) {
  const { user } = requireUser(event);
  return {
    user: { name: user.name, email: user.email, emailVerified: user.emailVerified },
    twoFactorEnabled: user.twoFactorEnabled,
    sessions: await listOwnSessions(event),
    /** The action that answered (the `?/name` the form posted to), so each section shows only its own result. */
    answered: [...event.url.searchParams.keys()].find((key) => key.startsWith('/'))?.slice(1) ?? null,
  };
}

export const actions = {
  profile: auth.updateProfile,
  password: auth.changePassword,
  revoke: auth.revokeSession,
  revokeOthers: auth.revokeOtherSessions,
  delete: auth.deleteAccount,
  twoFactorEnable: auth.enableTwoFactor,
  twoFactorVerify: auth.verifyTwoFactorSetup,
  twoFactorDisable: auth.disableTwoFactor,
};
