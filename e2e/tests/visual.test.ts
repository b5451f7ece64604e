import { expect, test, type Page } from '@playwright/test';
import { PROXY_HEADERS } from '../demo-env.ts';

// Visual regression of every page the demo serves to people: a full-page screenshot at 1280 px in the light theme and
// at 390 px in the dark one (the theme follows prefers-color-scheme), compared with the baselines in
// e2e/visual-baselines/ (thresholds in playwright.config.ts). Runs in the `embedded` project only: the pages look
// the same whatever the engines. Update after an intended change:
//   npx playwright test tests/visual.test.ts --project=embedded --update-snapshots
// What changes from run to run is made fixed: the account, the client's address, the browser's clock, the sessions'
// times (from the server's clock), fonts from packages, animations off.

const PASSWORD = 'violet-harbour-quantum-47-tundra';
/** The demo's database is fresh for each run of the suite (in memory): fixed accounts (one per view) are free. */
const account = (view: string) => ({ name: 'Ada Lovelace', email: `ada.${view}@example.com` });
const FIXED_NOW = new Date('2026-11-25T10:00:00Z');

const VIEWS = [
  { name: 'desktop-light', viewport: { width: 1280, height: 800 }, colorScheme: 'light', ip: '10.250.0.1' },
  { name: 'phone-dark', viewport: { width: 390, height: 844 }, colorScheme: 'dark', ip: '10.250.0.2' },
] as const;

/** The pages a visitor reaches without an account (a path that shows a state of its own gets its own shot). */
const SIGNED_OUT = [
  { name: 'home', path: '/' },
  { name: 'login', path: '/login' },
  { name: 'login-session-ended', path: '/login?reason=session-ended' },
  { name: 'login-two-factor', path: '/login/two-factor' },
  { name: 'signup', path: '/signup' },
  { name: 'reset-password-request', path: '/reset-password' },
  { name: 'reset-password-new', path: '/reset-password?token=x' },
  { name: 'verify-email', path: '/verify-email' },
  { name: 'not-found', path: '/a-page-that-does-not-exist' },
];

/** Waits for what would make two shots of the same page differ: hydration and the fonts. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  // (a string: the e2e tsconfig has no DOM types)
  await page.evaluate('document.fonts.ready.then(() => true)');
}

/**
 * The sessions' times come from the server's clock (when the test signed in): written over with a fixed time of the
 * same format, so neither the text nor the table's column widths change from run to run.
 */
async function fixSessionTimes(page: Page) {
  const fixed = '11/25/2026, 10:00:00 AM';
  // wide layout: the "Last active" column
  await page
    .locator('[data-slot="sessions-list"] tbody td:nth-of-type(2)')
    .evaluateAll((cells, time) => cells.forEach((cell) => (cell.textContent = time)), fixed);
  // narrow layout: "<address> · <time>" under the device
  await page
    .locator('[data-slot="sessions-list"] tbody th > span:last-child')
    .evaluateAll(
      (lines, time) =>
        lines.forEach((line) => (line.textContent = (line.textContent ?? '').replace(/·.*$/s, `· ${time}`))),
      fixed,
    );
}

async function signIn(page: Page, { name, email }: { name: string; email: string }) {
  await page.goto('/signup');
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  // Signed in by the sign-up, sent on to verify, or refused (the account exists: a second run on one server).
  await Promise.race([page.waitForURL((url) => url.pathname !== '/signup'), page.getByRole('alert').first().waitFor()]);
  if (await page.getByTestId('profile-link').isVisible()) return;
  await page.goto('/login');
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('profile-link')).toBeVisible();
}

for (const view of VIEWS) {
  test.describe(view.name, () => {
    test.use({ viewport: view.viewport, colorScheme: view.colorScheme, reducedMotion: 'reduce', locale: 'en-US' });

    test.beforeEach(async ({ page, context }) => {
      // Each view comes from an address of its own (rate limits), the same on every run (it is shown on /profile).
      await context.setExtraHTTPHeaders({ ...PROXY_HEADERS, 'x-forwarded-for': view.ip });
      await page.clock.setFixedTime(FIXED_NOW);
    });

    for (const { name, path } of SIGNED_OUT) {
      test(`${name} (${path})`, async ({ page }) => {
        await page.goto(path);
        await settled(page);
        await expect(page).toHaveScreenshot(`${name}--${view.name}.png`, { fullPage: true });
      });
    }

    test('signed in: home and profile', async ({ page }) => {
      await signIn(page, account(view.name));
      for (const [name, path] of [
        ['home-signed-in', '/'],
        ['profile', '/profile'],
      ] as const) {
        await page.goto(path);
        await settled(page);
        await fixSessionTimes(page);
        await expect(page).toHaveScreenshot(`${name}--${view.name}.png`, { fullPage: true });
      }
    });
  });
}
