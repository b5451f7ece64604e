import { expect, test } from '@playwright/test';

test('liveness answers without touching the database', async ({ request }) => {
  const response = await request.get('/health');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('no-store');
  expect(await response.json()).toMatchObject({ status: 'ok' });
});

test('readiness is green, with a check per foundation plugin', async ({ request }) => {
  const response = await request.get('/ready');
  expect(response.status()).toBe(200);
  const report = (await response.json()) as { status: string; checks: Record<string, { status: string }> };
  expect(report.status).toBe('ok');
  expect(Object.keys(report.checks).sort()).toEqual(['cache', 'db', 'jobs', 'security']);
  for (const check of Object.values(report.checks)) expect(check.status).toBe('up');
});

test('every response carries a request id, and an incoming one is kept', async ({ request }) => {
  const response = await request.get('/health', { headers: { 'x-request-id': 'e2e-abc' } });
  expect(response.headers()['x-request-id']).toBe('e2e-abc');
  const generated = await request.get('/health');
  expect(generated.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});

test('the home page renders in Chromium and names the engines it runs on', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('sv-sdk demo');
  const embedded = testInfo.project.name === 'embedded';
  await expect(page.getByText(embedded ? 'PGlite (embedded PostgreSQL)' : 'PostgreSQL, Redis')).toBeVisible();
  await expect(page.getByText(embedded ? 'a postgres job queue' : 'a bullmq job queue')).toBeVisible();
  await expect(page.getByText('Status:')).toContainText('ok');
});
