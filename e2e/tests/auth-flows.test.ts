import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { PROXY_HEADERS } from '../demo-env.ts';
import { totp } from './totp.ts';

// A strong password no list knows: zxcvbn scores it 4 and it is in no breach list.
const PASSWORD = 'violet-harbour-quantum-47-tundra';

// Sign-up allows 3 accounts an hour per IP and sign-in 5 tries per 15 minutes: every test comes from an IP of its
// own (the servers trust X-Forwarded-For from loopback, TRUSTED_PROXIES), so the limits stay on and tests stay apart.
test.beforeEach(async ({ context }) => {
  const octets = [...randomBytes(3)].map((byte) => String(byte));
  await context.setExtraHTTPHeaders({ ...PROXY_HEADERS, 'x-forwarded-for': `10.${octets.join('.')}` });
});

function newAccount() {
  const id = randomBytes(4).toString('hex');
  return { name: `Ada ${id}`, email: `ada.${id}@example.com` };
}

/**
 * Waits until the page has hydrated (its scripts loaded, the network quiet): a field filled before hydration can be
 * re-set by it (a profile name came out as old + new).
 */
async function hydrated(page: Page) {
  await page.waitForLoadState('networkidle');
}

async function signUp(page: Page, account: { name: string; email: string }, password = PASSWORD) {
  await page.goto('/signup');
  await hydrated(page);
  await page.getByLabel('Name').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Sign-up with verification off (the demo's setting) signs the new account in: it lands on the home page. */
async function signUpAndIn(page: Page, account: { name: string; email: string }) {
  await signUp(page, account);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('profile-link')).toHaveText(account.name);
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
}

async function signIn(page: Page, email: string, password = PASSWORD) {
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a protected page sends a visitor to sign in and back again afterwards', async ({ page }) => {
  const account = newAccount();
  await signUpAndIn(page, account);
  await signOut(page);

  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fprofile/);
  await signIn(page, account.email);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId('profile-link')).toHaveText(account.name);
  await expect(page.getByRole('heading', { name: 'Active sessions' })).toBeVisible();
  await expect(page.getByText('This device')).toBeVisible();
});

test('a wrong password is refused with a human message and the email is kept', async ({ page }) => {
  const account = newAccount();
  await signUpAndIn(page, account);
  await signOut(page);
  await page.goto('/login');
  await signIn(page, account.email, 'not-the-right-password-at-all');
  await expect(page.getByText('The email or password is incorrect.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue(account.email);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
});

test('an unknown email gets exactly the answer a wrong password gets', async ({ page }) => {
  await page.goto('/login');
  await signIn(page, `nobody.${randomBytes(4).toString('hex')}@example.com`);
  await expect(page.getByText('The email or password is incorrect.')).toBeVisible();
});

test('the sixth sign-in in a row on one account is refused with a wait message', async ({ page }) => {
  const account = newAccount();
  await signUpAndIn(page, account);
  await signOut(page);
  await page.goto('/login');
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signIn(page, account.email, `wrong-password-number-${attempt}`);
    await expect(page.getByText('The email or password is incorrect.')).toBeVisible();
  }
  await signIn(page, account.email);
  await expect(page.getByText('Too many attempts. Please wait a moment and try again.')).toBeVisible();
});

test('a weak password is refused at sign-up, each broken rule named at the field', async ({ page }) => {
  await signUp(page, newAccount(), 'password1234');
  await expect(page).toHaveURL(/\/signup/);
  const alert = page.getByRole('alert').first();
  await expect(alert).toContainText('does not meet the password rules');
  // An expected refusal: no request id for support.
  await expect(alert).not.toContainText('Reference:');
  const password = page.getByLabel('Password', { exact: true });
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(/Too common: .*Too easy to guess: /);
  await expect(page.getByRole('listitem').filter({ hasText: /^Too common: / })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: /^Too easy to guess: / })).toBeVisible();

  // The famous passphrase scores well but is on the list, spaced and capitalised as people type it.
  await signUp(page, newAccount(), 'Correct Horse Battery Staple');
  await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(/^Too common: /);
});

test('profile changes are saved and sign-out ends the session', async ({ page, context }) => {
  const account = newAccount();
  await signUpAndIn(page, account);
  await page.goto('/profile');
  await hydrated(page);
  await page.getByLabel('Name').fill(`${account.name} Lovelace`);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Your profile has been saved.')).toBeVisible();
  await expect(page.getByTestId('profile-link')).toHaveText(`${account.name} Lovelace`);

  const cookiesBefore = await context.cookies();
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login/);

  // The old cookie does not outlive sign-out: replayed, it is not a session any more.
  await context.addCookies(cookiesBefore);
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login/);
});

test('the profile page changes the password and deletes the account', async ({ page }) => {
  const account = newAccount();
  const next = 'copper-lantern-meadow-83-quill';
  await signUpAndIn(page, account);
  await page.goto('/profile');
  await hydrated(page);
  const change = page.getByRole('region', { name: 'Change password' });
  await change.getByLabel('Current password', { exact: true }).fill('not-my-password-at-all');
  await change.getByLabel('New password', { exact: true }).fill(next);
  await change.getByRole('button', { name: 'Change password' }).click();
  await expect(change.getByText('The email or password is incorrect.')).toBeVisible();
  await change.getByLabel('Current password', { exact: true }).fill(PASSWORD);
  await change.getByLabel('New password', { exact: true }).fill(next);
  await change.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your password has been changed.')).toBeVisible();

  await page.getByLabel('Confirm with your password').fill(next);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.goto('/login');
  await signIn(page, account.email, next);
  await expect(page.getByText('The email or password is incorrect.')).toBeVisible();
});

test('two-factor: turned on from the profile, then required at sign-in', async ({ page }) => {
  const account = newAccount();
  await signUpAndIn(page, account);
  await page.goto('/profile');
  await hydrated(page);
  const section = page.getByRole('region', { name: 'Two-factor authentication' });
  await section.getByLabel('Current password', { exact: true }).fill(PASSWORD);
  await section.getByRole('button', { name: 'Turn on' }).click();
  const secret = (await section.locator('code').first().textContent())?.trim() ?? '';
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);
  await section.getByLabel('Verification code').fill(totp(secret));
  await section.getByRole('button', { name: 'Verify and turn on' }).click();
  await expect(section.getByText('Backup codes')).toBeVisible();
  const backupCode = (await section.locator('li').first().textContent())?.trim() ?? '';
  expect(backupCode.length).toBeGreaterThan(5);

  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await page.goto('/login?redirectTo=%2Fprofile');
  await signIn(page, account.email);
  await expect(page).toHaveURL(/\/login\/two-factor/);
  await page.getByRole('link', { name: 'Use a backup code instead' }).click();
  await page.getByLabel('Backup code').fill(backupCode);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId('profile-link')).toHaveText(account.name);
});

test('pages and API answers carry the security headers', async ({ request }) => {
  const page = await request.get('/login');
  expect(page.headers()['x-frame-options']).toBe('DENY');
  expect(page.headers()['x-content-type-options']).toBe('nosniff');
  expect(page.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(page.headers()['permissions-policy']).toContain('camera=()');
  // SvelteKit writes the CSP from sv-sdk's directives, with a fresh nonce per response.
  const csp = page.headers()['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(csp).toContain("frame-ancestors 'none'");
  const again = await request.get('/login');
  expect(again.headers()['content-security-policy']).not.toBe(csp);
  const api = await request.get('/api/auth/get-session');
  expect(api.headers()['content-security-policy']).toContain("default-src 'none'");
});

test('under the CSP the sign-in page hydrates: no violation, and links route on the client', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text()))
      violations.push(message.text());
  });
  await page.goto('/login');
  await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
  await page.getByRole('link', { name: 'Create one' }).click();
  await expect(page).toHaveURL(/\/signup$/);
  // Still the same document: SvelteKit's router (hydrated JavaScript, allowed by the nonce) handled the click.
  expect(await page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument)).toBe(true);
  expect(violations).toEqual([]);
});

test('the two-factor step refuses a code when no sign-in is waiting for one', async ({ page }) => {
  await page.goto('/login/two-factor?redirectTo=%2Fprofile');
  await expect(page.getByRole('heading', { name: 'Two-factor authentication' })).toBeVisible();
  await page.getByLabel('Verification code').fill('123456');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('This link is not valid. It may have been used already.')).toBeVisible();
  await page.getByRole('link', { name: 'Use a backup code instead' }).click();
  await expect(page.getByLabel('Backup code')).toBeVisible();
});

test('a cross-site POST to the auth API is refused with CSRF_FAILED', async ({ request }) => {
  const response = await request.post('/api/auth/sign-in/email', {
    headers: { origin: 'https://evil.example', cookie: 'a=b' },
    data: { email: 'ada@example.com', password: PASSWORD },
  });
  expect(response.status()).toBe(403);
  expect((await response.json()).error.code).toBe('CSRF_FAILED');
});

test('malformed sign-in input gets VALIDATION_FAILED, not a 500', async ({ request, baseURL }) => {
  const response = await request.post('/api/auth/sign-in/email', {
    headers: { origin: baseURL ?? '' },
    data: { email: 'not-an-email', password: 'x' },
  });
  expect(response.status()).toBe(400);
  const body = await response.json();
  expect(body.error.code).toBe('VALIDATION_FAILED');
  expect(body.error.requestId).toBeTruthy();
});

test('the session token stays in the HttpOnly cookie: no JSON answer carries it, and alone it opens nothing', async ({
  page,
  request,
  baseURL,
}) => {
  const account = newAccount();
  await signUpAndIn(page, account);
  const cookie = (await page.context().cookies()).find((entry) => entry.name.endsWith('session_token'));
  expect(cookie?.httpOnly).toBe(true);
  const token = decodeURIComponent(cookie?.value ?? '').split('.')[0] ?? '';
  expect(token.length).toBeGreaterThan(16);

  // The page's own view of the API (same cookie as any script on the page would use).
  const answers = await page.evaluate(async () =>
    Promise.all(['/api/auth/get-session', '/api/auth/list-sessions'].map(async (path) => (await fetch(path)).text())),
  );
  expect(answers[0]).toContain(account.email);
  for (const answer of answers) expect(answer).not.toContain(token);
  expect(JSON.parse(answers[1] ?? '[]')).toHaveLength(1);

  // The raw token as a bearer or a query parameter is nobody.
  for (const attempt of [
    request.get('/api/auth/get-session', { headers: { authorization: `Bearer ${token}`, origin: baseURL ?? '' } }),
    request.get(`/api/auth/get-session?token=${token}`),
  ]) {
    const response = await attempt;
    expect(response.status()).toBe(200);
    expect(await response.json()).toBeNull();
  }
});
