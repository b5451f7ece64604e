/**
 * Auth screens as components. Each one is a plain `method="POST"` form posting to `action`
 * (works without JavaScript), or calls `onSubmit` in callback mode; server error codes are shown
 * as human messages through the message function, field errors on their fields.
 *
 * @example
 * ```svelte
 * <script>
 *   let { form } = $props(); // from the page's form action
 * </script>
 * <LoginForm action="?/login" {form} />
 * ```
 */
import Login from './login-form.svelte';
import Signup from './signup-form.svelte';
import VerifyEmail from './verify-email-notice.svelte';
import ResetRequest from './reset-password-request-form.svelte';
import Reset from './reset-password-form.svelte';
import Profile from './profile-form.svelte';
import Sessions from './sessions-list.svelte';
import TwoFactor from './two-factor-setup.svelte';
import Card from './auth-card.svelte';
import Field from './auth-field.svelte';
import Submit from './submit-button.svelte';

export {
  authMessages,
  authErrorMessages,
  authCommonMessages,
  loginMessages,
  signupMessages,
  verifyEmailMessages,
  resetPasswordMessages,
  profileMessages,
  sessionsMessages,
  twoFactorMessages,
  type AuthMessageKey,
  type AuthErrorMessageKey,
} from './messages.js';
export { errorText, fieldErrorsOf, isExpectedError } from './errors.js';
export { passwordProblemsOf, problemTexts } from './password-problems.js';
export { describeUserAgent } from './user-agent.js';
export type * from './types.js';
export type { LoginFormProps } from './login-form.svelte';
export type { SignupFormProps } from './signup-form.svelte';
export type { VerifyEmailNoticeProps } from './verify-email-notice.svelte';
export type { ResetPasswordRequestFormProps } from './reset-password-request-form.svelte';
export type { ResetPasswordFormProps } from './reset-password-form.svelte';
export type { ProfileFormProps, ProfileUser } from './profile-form.svelte';
export type { SessionsListProps } from './sessions-list.svelte';
export type { TwoFactorSetupProps, TwoFactorEnrolment } from './two-factor-setup.svelte';
export type { AuthCardProps } from './auth-card.svelte';
export type { AuthFieldProps } from './auth-field.svelte';
export {
  Login,
  Signup,
  VerifyEmail,
  ResetRequest,
  Reset,
  Profile,
  Sessions,
  TwoFactor,
  Card,
  Field,
  Submit,
  Login as LoginForm,
  Signup as SignupForm,
  VerifyEmail as VerifyEmailNotice,
  ResetRequest as ResetPasswordRequestForm,
  Reset as ResetPasswordForm,
  Profile as ProfileForm,
  Sessions as SessionsList,
  TwoFactor as TwoFactorSetup,
  Card as AuthCard,
  Field as AuthField,
  Submit as SubmitButton,
};
