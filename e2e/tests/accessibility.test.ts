import { randomBytes } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { PROXY_HEADERS } from '../demo-env.ts';

// Every page of the demo, signed out and signed in, under axe (WCAG 2.2 A/AA): zero violations. And sign-in with the
// keyboard alone. Each test comes from an IP of its own (see auth-flows.test.ts).
const PASSWORD = 'violet-harbour-quantum-47-tundra';

test.beforeEach(async ({ context }) => {
  const octets = [...randomBytes(3)].map((byte) => String(byte));
  await context.setExtraHTTPHeaders({ ...PROXY_HEADERS, 'x-forwarded-for': `10.${octets.join('.')}` });
});

async function violations(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

async function signUpAndIn(page: Page) {
  const id = randomBytes(4).toString('hex');
  const email = `axe.${id}@example.com`;
  await page.goto('/signup');
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Name').fill(`Axe ${id}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  // Verification is off in the demo: the new account is signed in at once.
  await expect(page.getByTestId('profile-link')).toBeVisible();
  return email;
}

test('every page, signed out, has no axe violation', async ({ page }) => {
  for (const path of [
    '/',
    '/login',
    '/login?reason=session-ended&error=AUTH_ACCOUNT_UNAVAILABLE',
    '/login/two-factor',
    '/login/two-factor?method=backup',
    '/signup',
    '/verify-email',
    '/verify-email?verified=1',
    '/reset-password',
    '/reset-password?token=abc',
    '/a-page-that-does-not-exist',
  ]) {
    await page.goto(path);
    expect(await violations(page), path).toEqual([]);
  }
  // The packaged pages carry the app's name (the demo overrides `auth.pageTitle`).
  await page.goto('/login');
  await expect(page).toHaveTitle('Sign in · sv-sdk demo');
  // A refused form shows its errors accessibly too.
  await page.goto('/signup');
  await page.getByLabel('Name').fill('W');
  await page.getByLabel('Email').fill(`weak.${randomBytes(3).toString('hex')}@example.com`);
  await page.getByLabel('Password', { exact: true }).fill('password1234');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('alert').first()).toBeVisible();
  expect(await violations(page), 'signup with errors').toEqual([]);
});

test('the signed-in pages have no axe violation', async ({ page }) => {
  await signUpAndIn(page);
  for (const path of ['/', '/profile']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    expect(await violations(page), path).toEqual([]);
  }
  // Two-factor enrolment shows a QR code and a key: still accessible.
  const section = page.getByRole('region', { name: 'Two-factor authentication' });
  await section.getByLabel('Current password', { exact: true }).fill(PASSWORD);
  await section.getByRole('button', { name: 'Turn on' }).click();
  await expect(section.getByLabel('Verification code')).toBeVisible();
  expect(await violations(page), '/profile (2FA enrolment)').toEqual([]);
});

test('sign-in works with the keyboard alone', async ({ page }) => {
  const email = await signUpAndIn(page);
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.goto('/login');
  await page.waitForLoadState('networkidle');
  // From the top of the page: Tab until the email field has focus, type, Tab to the password, type, Enter.
  await page.locator('body').focus();
  for (let presses = 0; presses < 15; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.getByLabel('Email').evaluate((element) => element.matches(':focus'))) break;
  }
  await expect(page.getByLabel('Email')).toBeFocused();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('profile-link')).toBeVisible();
});
