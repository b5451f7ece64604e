import { authErrorMessages } from './messages/errors.js';
import { accountErrorMessages } from './messages/account-errors.js';
import { passwordRuleMessages } from './messages/password-rules.js';
import { authCommonMessages } from './messages/common.js';
import { loginMessages } from './messages/login.js';
import { signupMessages } from './messages/signup.js';
import { verifyEmailMessages } from './messages/verify-email.js';
import { resetPasswordMessages } from './messages/reset-password.js';
import { profileMessages } from './messages/profile.js';
import { sessionsMessages } from './messages/sessions.js';
import { twoFactorMessages } from './messages/two-factor.js';

/**
 * English defaults of every auth screen string, including the human messages of the server's error codes
 * (`auth.error.<CODE>`). Override any key through the package's message function. Each form imports only its own
 * groups (`./messages/*`), so a page carries only the strings it shows: this merged table is for apps and tests.
 */
export const authMessages = {
  ...authErrorMessages,
  ...accountErrorMessages,
  ...passwordRuleMessages,
  ...authCommonMessages,
  ...loginMessages,
  ...signupMessages,
  ...verifyEmailMessages,
  ...resetPasswordMessages,
  ...profileMessages,
  ...sessionsMessages,
  ...twoFactorMessages,
} as const;

export type AuthMessageKey = keyof typeof authMessages;
/** Every `auth.error.<CODE>` key. */
export type AuthErrorMessageKey =
  keyof typeof authErrorMessages | keyof typeof accountErrorMessages | keyof typeof passwordRuleMessages;
export {
  authErrorMessages,
  authCommonMessages,
  loginMessages,
  signupMessages,
  verifyEmailMessages,
  resetPasswordMessages,
  profileMessages,
  sessionsMessages,
  twoFactorMessages,
};
