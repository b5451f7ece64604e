import { authActions, listOwnSessions, requireUser } from '@sv-sdk/kit/sveltekit';
import type { Actions, PageServerLoad } from './$types';

const auth = authActions();

export const load: PageServerLoad = async (event) => {
  const { user } = requireUser(event);
  return {
    user: { name: user.name, email: user.email, emailVerified: user.emailVerified },
    twoFactorEnabled: user.twoFactorEnabled,
    sessions: await listOwnSessions(event),
  };
};

export const actions: Actions = {
  profile: auth.updateProfile,
  password: auth.changePassword,
  revoke: auth.revokeSession,
  revokeOthers: auth.revokeOtherSessions,
  delete: auth.deleteAccount,
  twoFactorEnable: auth.enableTwoFactor,
  twoFactorVerify: auth.verifyTwoFactorSetup,
  twoFactorDisable: auth.disableTwoFactor,
};
