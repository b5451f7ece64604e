import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import LoginPage from './login.svelte';
import ProfilePage from './profile.svelte';
import TwoFactorPage from './two-factor.svelte';

const profileData = (answered: string | null) => ({
  user: { name: 'Ada', email: 'ada@example.com', emailVerified: true },
  twoFactorEnabled: false,
  sessions: [],
  answered,
});

describe('packaged pages', () => {
  it('the sign-in page says why the person is there: a link that could not sign in, a session that ended', async () => {
    const screen = await render(LoginPage, {
      props: { data: { reset: false, sessionEnded: true, linkError: 'AUTH_ACCOUNT_UNAVAILABLE' } },
    });
    await expect.poll(() => screen.getByRole('alert').element().textContent).toMatch(/This account cannot be used/);
    await expect.element(screen.getByText(/Your session has ended/)).toBeInTheDocument();
    // The action's own answer wins over the link's code.
    await screen.rerender({ form: { error: { code: 'AUTH_INVALID_CREDENTIALS' } } });
    await expect.poll(() => screen.getByRole('alert').element().textContent).toMatch(/email or password is incorrect/);
  });

  it('the profile page shows an action’s answer only in its own section', async () => {
    const screen = await render(ProfilePage, {
      props: { data: profileData('profile'), form: { success: true } },
    });
    expect(screen.container.textContent).not.toContain('Your password has been changed.');
    await screen.rerender({ data: profileData('password') });
    await expect.element(screen.getByText('Your password has been changed.')).toBeInTheDocument();
    await screen.rerender({ data: profileData('delete'), form: { error: { code: 'AUTH_INVALID_CREDENTIALS' } } });
    const confirm = screen.getByLabelText('Confirm with your password');
    await expect.element(confirm).toHaveAttribute('aria-invalid', 'true');
    const passwordSection = screen.container.querySelector('form[action="?/password"] input[name="currentPassword"]');
    expect(passwordSection?.getAttribute('aria-invalid')).not.toBe('true');
  });

  it('the two-factor page links to the other kind of code on its own path, keeping where to go next', async () => {
    const screen = await render(TwoFactorPage, {
      props: { data: { backup: false, path: '/account/login/two-factor', redirectTo: '/a?b=1' } },
    });
    await expect
      .element(screen.getByRole('link', { name: 'Use a backup code instead' }))
      .toHaveAttribute('href', '/account/login/two-factor?method=backup&redirectTo=%2Fa%3Fb%3D1');
  });
});
