import { describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { userEvent } from 'vitest/browser';
import SignupForm from './signup-form.svelte';
import ResetPasswordRequestForm from './reset-password-request-form.svelte';
import ResetPasswordForm from './reset-password-form.svelte';
import SessionsList from './sessions-list.svelte';
import TwoFactorSetup from './two-factor-setup.svelte';
import VerifyEmailNotice from './verify-email-notice.svelte';
import ProfileForm from './profile-form.svelte';

describe('auth screens', () => {
  it('SignupForm shows a breached-password error on the password field', async () => {
    const screen = await render(SignupForm, {
      props: { form: { fieldErrors: { password: 'AUTH_PASSWORD_BREACHED' }, values: { email: 'a@b.co', name: 'A' } } },
    });
    const password = screen.getByLabelText('Password', { exact: true });
    await expect.element(password).toHaveAttribute('aria-invalid', 'true');
    await expect.element(password).toHaveAccessibleDescription(/Too common: /);
    await expect.element(password).toHaveAttribute('minlength', '12');
    await expect.element(screen.getByLabelText('Email')).toHaveValue('a@b.co');
  });

  it('SignupForm lists every password rule the server refused at the password field, each named, with its values', async () => {
    const screen = await render(SignupForm, {
      props: {
        form: {
          error: {
            code: 'AUTH_PASSWORD_POLICY',
            message: 'Too short: use at least 14 characters (this one has 10).',
            details: {
              problems: [
                { code: 'PASSWORD_TOO_SHORT', message: 'Too short: …', params: { minLength: 14, length: 10 } },
                { code: 'PASSWORD_BREACHED', message: 'Too common: …' },
                { code: 'PASSWORD_SOMETHING_NEW', message: 'A rule this version does not know: its own message.' },
              ],
            },
          },
        },
      },
    });
    const alert = screen.getByRole('alert');
    await expect.poll(() => alert.element().textContent).toMatch(/does not meet the password rules/);
    // The alert says that the password was refused; the rules are at the field, which is marked invalid.
    expect(alert.getByRole('listitem').elements()).toHaveLength(0);
    const password = screen.getByLabelText('Password', { exact: true });
    await expect.element(password).toHaveAttribute('aria-invalid', 'true');
    await expect.element(password).toHaveAccessibleDescription(/Too short: use at least 14 characters\./);
    const items = screen
      .getByRole('listitem')
      .elements()
      .map((item) => item.textContent);
    expect(items).toEqual([
      'Too short: use at least 14 characters.',
      expect.stringMatching(/^Too common: .*leaked and well-known passwords/),
      'A rule this version does not know: its own message.',
    ]);
  });

  it('ResetPasswordRequestForm says the same thing whether or not the account exists', async () => {
    const onSubmit = vi.fn(() => ({ success: true }));
    const screen = await render(ResetPasswordRequestForm, { props: { onSubmit } });
    await userEvent.fill(screen.getByLabelText('Email').element(), 'nobody@example.com');
    await screen.getByRole('button', { name: 'Send reset link' }).click();
    await expect
      .element(screen.getByRole('status'))
      .toHaveTextContent(
        'If an account exists for that address, a reset link is on its way. It is valid for one hour.',
      );
  });

  it('ResetPasswordForm checks the confirmation and offers a new link on AUTH_TOKEN_EXPIRED', async () => {
    const onSubmit = vi.fn();
    const screen = await render(ResetPasswordForm, { props: { token: 't0k', onSubmit } });
    await userEvent.fill(screen.getByLabelText('New password').element(), 'a long enough passphrase');
    await userEvent.fill(screen.getByLabelText('Confirm new password').element(), 'something else entirely');
    await screen.getByRole('button', { name: 'Set new password' }).click();
    expect(onSubmit).not.toHaveBeenCalled();
    await expect
      .element(screen.getByLabelText('Confirm new password'))
      .toHaveAccessibleDescription('The passwords do not match.');

    await screen.rerender({ form: { error: { code: 'AUTH_TOKEN_EXPIRED' } } });
    await expect.element(screen.getByRole('link', { name: 'Request a new link' })).toBeInTheDocument();
    expect(screen.container.querySelector('form')).toBeNull();
  });

  it('SessionsList revokes another session but not the current one', async () => {
    const onRevoke = vi.fn();
    const screen = await render(SessionsList, {
      props: {
        onRevoke,
        sessions: [
          {
            id: 's1',
            current: true,
            userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0',
            ipAddress: '127.0.0.1',
          },
          { id: 's2', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Safari/604.1' },
        ],
      },
    });
    await expect.element(screen.getByText('This device')).toBeInTheDocument();
    const buttons = screen.getByRole('button', { name: /^Sign out .* on / });
    expect(buttons.elements()).toHaveLength(1);
    await screen.getByRole('button', { name: 'Sign out Safari on iOS' }).click();
    expect(onRevoke).toHaveBeenCalledWith('s2');
  });

  it('TwoFactorSetup walks from enrolment to backup codes', async () => {
    const screen = await render(TwoFactorSetup, {
      props: {
        enabled: false,
        enrolment: { totpUri: 'otpauth://totp/x?secret=ABC', secret: 'ABC' },
        verifyAction: '?/verify',
      },
    });
    const code = screen.getByLabelText('Verification code');
    await expect.element(code).toHaveAttribute('autocomplete', 'one-time-code');
    await expect.element(code).toHaveAttribute('inputmode', 'numeric');
    // A six-digit code passes the browser's own validation (the form really submits); other input does not.
    const input = code.element() as HTMLInputElement;
    input.value = '123456';
    expect(input.checkValidity()).toBe(true);
    input.value = '12a456';
    expect(input.checkValidity()).toBe(false);
    expect(screen.container.querySelector('form')?.getAttribute('action')).toBe('?/verify');
    await screen.rerender({ backupCodes: ['aaaa-bbbb', 'cccc-dddd'] });
    await expect.element(screen.getByText('aaaa-bbbb')).toBeInTheDocument();
  });

  it('VerifyEmailNotice names the address and can resend', async () => {
    const screen = await render(VerifyEmailNotice, { props: { email: 'ada@example.com', resendAction: '?/resend' } });
    await expect.element(screen.getByText(/ada@example\.com/)).toBeInTheDocument();
    await expect.element(screen.getByRole('button', { name: 'Send the link again' })).toBeInTheDocument();
  });

  it('VerifyEmailNotice opened without an address asks for it instead of claiming a link was sent to nobody', async () => {
    const screen = await render(VerifyEmailNotice, { props: { resendAction: '?/resend' } });
    await expect.element(screen.getByText(/No email\? Enter your address/)).toBeInTheDocument();
    expect(screen.container.textContent).not.toMatch(/We sent you a verification link/);
    const email = screen.getByLabelText('Email');
    await expect.element(email).toHaveAttribute('name', 'email');
    await expect.element(email).toBeRequired();
    // With the address known there is nothing to type: it travels as a hidden field.
    const known = await render(VerifyEmailNotice, { props: { email: 'ada@example.com', resendAction: '?/resend' } });
    expect(known.container.querySelector('input[type="hidden"][name="email"]')).not.toBeNull();
  });

  it('SignupForm rates the new password as it is typed, with the meter the field describes itself by', async () => {
    const screen = await render(SignupForm, { props: {} });
    const password = screen.getByLabelText('Password', { exact: true });
    await userEvent.fill(screen.getByLabelText('Email').element(), 'ada@example.com');
    await userEvent.fill(password.element(), 'password1234');
    const meter = () => screen.container.querySelector('[data-slot="password-strength"] [data-score]');
    await expect.poll(() => meter(), { timeout: 10_000 }).not.toBeNull();
    expect(Number(meter()?.getAttribute('data-score'))).toBeLessThanOrEqual(1);
    await expect.element(password).toHaveAccessibleDescription(/Password strength: (very )?weak/);
    await userEvent.fill(password.element(), 'violet-harbour-quantum-47-tundra');
    await expect.poll(() => Number(meter()?.getAttribute('data-score')), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  });

  it('a password field shows and hides its value with the toggle, which says whether it is pressed', async () => {
    const screen = await render(SignupForm, { props: {} });
    const password = screen.getByLabelText('Password', { exact: true });
    const toggle = screen.getByRole('button', { name: 'Show password' });
    await expect.element(password).toHaveAttribute('type', 'password');
    await toggle.click();
    await expect.element(password).toHaveAttribute('type', 'text');
    await expect.element(toggle).toHaveAttribute('aria-pressed', 'true');
    await toggle.click();
    await expect.element(password).toHaveAttribute('type', 'password');
  });

  it('ProfileForm pre-fills the user and shows the saved notice', async () => {
    const screen = await render(ProfileForm, {
      props: { user: { name: 'Ada', email: 'ada@example.com', emailVerified: true }, form: { success: true } },
    });
    await expect.element(screen.getByLabelText('Name')).toHaveValue('Ada');
    await expect.element(screen.getByRole('status')).toHaveTextContent('Your profile has been saved.');
  });
});
