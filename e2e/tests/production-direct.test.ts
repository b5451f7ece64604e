// The production build as a browser reaches it: `node build` on plain http, ORIGIN set at start, and NO forwarded
// headers at all (no x-forwarded-proto, no x-forwarded-for). Before the built server read ORIGIN at run time, every
// form post here was refused by SvelteKit as cross-site (403). Runs in the `production-direct` project only.
import { randomBytes } from 'node:crypto';
import { createEmailVerificationToken } from 'better-auth/api';
import { expect, test, type Page } from '@playwright/test';
import { DIRECT_SECRET } from '../demo-env.ts';

const PASSWORD = 'violet-harbour-quantum-47-tundra';

function newAccount() {
  const id = randomBytes(4).toString('hex');
  return { name: `Grace ${id}`, email: `grace.${id}@example.com` };
}

async function signIn(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
}

test('sign up, verify, sign in and out through the forms, JavaScript on and off', async ({
  page,
  browser,
  baseURL,
}) => {
  const origin = baseURL ?? '';
  const account = newAccount();
  // Nothing but the browser's own headers: the request URL's origin must come from ORIGIN, not from a proxy.
  page.on('request', (request) => {
    const headers = request.headers();
    expect(headers['x-forwarded-proto'] ?? headers['x-forwarded-for']).toBeUndefined();
  });

  // Sign up (JavaScript on).
  await page.goto('/signup');
  await page.getByLabel('Name').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  // Verification is off: the new account is signed in at once (the link below still verifies the address).
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('profile-link')).toHaveText(account.name);

  // Verify: the link the verification mail carries (token signed with the server's secret, as better-auth does).
  const token = await createEmailVerificationToken(DIRECT_SECRET, account.email, undefined, 3600);
  const callbackURL = encodeURIComponent(`${origin}/verify-email?verified=1`);
  await page.goto(`/api/auth/verify-email?token=${token}&callbackURL=${callbackURL}`);
  await expect(page).toHaveURL(/\/verify-email\?verified=1/);
  // Verification signs the person in on this http origin (the session cookie is not Secure-only).
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId('profile-link')).toHaveText(account.name);
  await signOut(page);

  // Sign in through the form, JavaScript on: the form post passes SvelteKit's own origin check.
  await signIn(page, account.email);
  await expect(page.getByTestId('profile-link')).toHaveText(account.name);
  await signOut(page);

  // JavaScript off: native form posts, full page loads (what a strict CSP or a failed bundle leaves a user with).
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: origin });
  const noScript = await context.newPage();
  await signIn(noScript, account.email);
  await expect(noScript.getByTestId('profile-link')).toHaveText(account.name);
  await signOut(noScript);
  await context.close();
});

test('a cross-site form post is still refused on the production build', async ({ request, baseURL }) => {
  const response = await request.post(`${baseURL}/login?/login`, {
    headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
    data: 'email=someone%40example.com&password=whatever-it-is',
  });
  expect(response.status()).toBe(403);
});

test('the admin area is guarded by permissions before any route runs (no admin page exists yet)', async ({
  page,
  request,
  baseURL,
}) => {
  // Signed out: a page request goes to sign-in and comes back; anything else is a 401 with a stable code.
  await page.goto('/admin/users?tab=banned');
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin%2Fusers%3Ftab%3Dbanned$/);
  const anonymous = await request.get('/admin/users', { headers: { accept: 'application/json' } });
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.code).toBe('AUTH_UNAUTHENTICATED');

  // A plain user (the default role) holds no admin:access: a 403 page, and JSON for a non-page request.
  const account = newAccount();
  await page.goto('/signup');
  await page.getByLabel('Name').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('profile-link')).toHaveText(account.name);
  const refused = await page.goto('/admin');
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  const api = await page.request.post('/admin/users', {
    headers: { accept: 'application/json', 'content-type': 'application/json', origin: baseURL ?? '' },
    data: {},
  });
  expect(api.status()).toBe(403);
  expect((await api.json()).error.code).toBe('PERMISSION_DENIED');
  // Paths that only start alike are not guarded.
  expect((await page.goto('/administrator'))?.status()).toBe(404);
});
