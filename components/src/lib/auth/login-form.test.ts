import { describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { userEvent } from 'vitest/browser';
import LoginForm from './login-form.svelte';

describe('LoginForm', () => {
  it('is a plain POST form to the given action (works without JavaScript)', async () => {
    const screen = await render(LoginForm, { props: { action: '?/login', redirectTo: '/app' } });
    const form = screen.container.querySelector('form')!;
    expect(form.getAttribute('method')).toBe('POST');
    expect(form.getAttribute('action')).toBe('?/login');
    expect((form.elements.namedItem('email') as HTMLInputElement).type).toBe('email');
    expect((form.elements.namedItem('password') as HTMLInputElement).autocomplete).toBe('current-password');
    expect((form.elements.namedItem('redirectTo') as HTMLInputElement).value).toBe('/app');
  });

  it('shows the human message of a server error code, focused and announced', async () => {
    const screen = await render(LoginForm, {
      props: {
        form: { error: { code: 'AUTH_INVALID_CREDENTIALS', requestId: 'req_1' }, values: { email: 'ada@example.com' } },
      },
    });
    const alert = screen.getByRole('alert');
    await expect.poll(() => alert.element().textContent).toMatch(/The email or password is incorrect\./);
    expect(alert.element().textContent).not.toContain('AUTH_INVALID_CREDENTIALS');
    // An expected answer (a wrong password) carries no reference: support needs it only for unexpected failures.
    expect(alert.element().textContent).not.toContain('req_1');
    expect(document.activeElement).toBe(alert.element());
    await expect.element(screen.getByLabelText('Email')).toHaveValue('ada@example.com');
  });

  it('shows the request id of an unexpected failure, which support asks for', async () => {
    const screen = await render(LoginForm, {
      props: { form: { error: { code: 'INTERNAL_ERROR', requestId: 'req_9' } } },
    });
    const alert = screen.getByRole('alert');
    await expect.poll(() => alert.element().textContent).toMatch(/Something went wrong/);
    expect(alert.element().textContent).toContain('Reference: req_9');
  });

  it('puts field errors on their fields with aria-invalid and aria-describedby', async () => {
    const screen = await render(LoginForm, {
      props: {
        form: {
          error: { code: 'VALIDATION_FAILED' },
          fieldErrors: { email: 'Enter a valid email address.', password: ['PAYLOAD_TOO_LARGE'] },
        },
      },
    });
    await expect
      .poll(() => screen.getByRole('alert').element().textContent)
      .toMatch(/Some fields need your attention\./);
    const email = screen.getByLabelText('Email');
    await expect.element(email).toHaveAttribute('aria-invalid', 'true');
    await expect.element(email).toHaveAccessibleDescription('Enter a valid email address.');
    const password = screen.getByLabelText('Password', { exact: true });
    await expect.element(password).toHaveAttribute('aria-invalid', 'true');
    await expect.element(password).toHaveAccessibleDescription(/too large/i);
  });

  it('offers to resend the verification email on AUTH_EMAIL_NOT_VERIFIED', async () => {
    const screen = await render(LoginForm, {
      props: { form: { error: { code: 'AUTH_EMAIL_NOT_VERIFIED' } }, resendVerificationAction: '?/resend' },
    });
    await expect.poll(() => screen.getByRole('alert').element().textContent).toMatch(/verify your email address/);
    const resend = screen.getByRole('button', { name: 'Send the verification email again' });
    await expect.element(resend).toHaveAttribute('formaction', '?/resend');
  });

  it('calls onSubmit with the form data in callback mode and shows the returned error', async () => {
    const onSubmit = vi.fn(async (data: FormData) => {
      expect(data.get('email')).toBe('ada@example.com');
      expect(data.get('password')).toBe('correct horse battery');
      return { error: { code: 'RATE_LIMITED' } };
    });
    const screen = await render(LoginForm, { props: { onSubmit } });
    await userEvent.fill(screen.getByLabelText('Email').element(), 'ada@example.com');
    await userEvent.fill(screen.getByLabelText('Password', { exact: true }).element(), 'correct horse battery');
    await screen.getByRole('button', { name: 'Sign in' }).click();
    expect(onSubmit).toHaveBeenCalledOnce();
    await expect.poll(() => screen.getByRole('alert').element().textContent).toMatch(/Too many attempts/);
  });
});
