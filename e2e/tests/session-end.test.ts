// What a person sees when a session ends or a page does not exist (issue 17 items 4 and 5), in both proxied
// projects: nothing of a signed-in page stays in the browser's cache, expected errors carry their own code, and a
// tab whose session was ended elsewhere leads to sign-in with a reason instead of to an error.
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { PROXY_HEADERS } from '../demo-env.ts';

const PASSWORD = 'violet-harbour-quantum-47-tundra';

test.beforeEach(async ({ context }) => {
  const octets = [...randomBytes(3)].map((byte) => String(byte));
  await context.setExtraHTTPHeaders({ ...PROXY_HEADERS, 'x-forwarded-for': `10.${octets.join('.')}` });
});

async function signedIn(page: Page): Promise<string> {
  const id = randomBytes(4).toString('hex');
  const email = `lin.${id}@example.com`;
  await page.goto('/signup');
  await page.getByLabel('Name').fill(`Lin ${id}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  // Verification is off in the demo: the new account is signed in at once.
  await expect(page.getByTestId('profile-link')).toBeVisible();
  return email;
}

test('signed-in pages and session lists are private, no-store; public pages are not', async ({ page }) => {
  await signedIn(page);
  const profile = await page.goto('/profile');
  expect(profile?.headers()['cache-control']).toBe('private, no-store');
  const sessions = await page.request.get('/api/auth/list-sessions');
  expect(sessions.status()).toBe(200);
  expect(sessions.headers()['cache-control']).toBe('private, no-store');
});

test('expected errors keep their code: a 404 page, a signed-out data request and form post', async ({
  page,
  request,
}) => {
  const missing = await page.goto('/no-such-page');
  expect(missing?.status()).toBe(404);
  await expect(page.getByText('This page does not exist.')).toBeVisible();
  await expect(page.getByText('Something went wrong.')).toHaveCount(0);

  const data = await request.get('/profile/__data.json');
  const body = (await data.json()) as { type: string; location?: string };
  expect(body).toMatchObject({ type: 'redirect', location: '/login?redirectTo=%2Fprofile' });

  const post = await request.post('/profile?/password', {
    headers: { origin: new URL(page.url()).origin, 'content-type': 'application/x-www-form-urlencoded' },
    data: 'currentPassword=x&newPassword=y',
  });
  expect(post.status()).toBe(401);
  const answer = JSON.stringify(await post.json());
  expect(answer).toContain('AUTH_UNAUTHENTICATED');
  expect(answer).not.toContain('INTERNAL_ERROR');
});

test('a session ended on another device: the next link click leads to sign-in with a reason', async ({
  page,
  browser,
  baseURL,
}) => {
  await signedIn(page);
  await page.goto('/');
  // The same account on another device signs out every other session.
  const cookies = await page.context().cookies();
  const other = await browser.newContext({ baseURL, extraHTTPHeaders: { ...PROXY_HEADERS } });
  await other.addCookies(cookies);
  const otherPage = await other.newPage();
  const revoked = await otherPage.request.post('/api/auth/revoke-sessions', {
    headers: { origin: new URL(baseURL ?? '').origin, 'content-type': 'application/json' },
    data: {},
  });
  expect(revoked.status()).toBe(200);
  await other.close();

  // Back in the first tab: a client-side navigation to a signed-in page.
  await page.getByTestId('profile-link').click();
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fprofile&reason=session-ended/);
  await expect(page.getByText('Your session has ended')).toBeVisible();
});
