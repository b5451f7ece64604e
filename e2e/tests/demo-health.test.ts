import { expect, test } from '@playwright/test';
import { HEALTH_TOKEN } from '../demo-env.ts';

const monitor = { authorization: `Bearer ${HEALTH_TOKEN}` };

test('liveness answers without touching the database', async ({ request }) => {
  const response = await request.get('/health');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('no-store');
  expect(await response.json()).toMatchObject({ status: 'ok' });
});

test('readiness tells an anonymous caller its status alone', async ({ request }) => {
  const response = await request.get('/ready');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('no-store');
  const body = (await response.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['checkedAt', 'status']);
  expect(body.status).toBe('ok');
  // A wrong token is an anonymous caller.
  const wrong = await request.get('/ready', { headers: { authorization: `Bearer ${HEALTH_TOKEN}-not` } });
  expect(Object.keys(await wrong.json()).sort()).toEqual(['checkedAt', 'status']);
});

test('readiness is green, with a check per foundation plugin, for the monitor', async ({ request }) => {
  const response = await request.get('/ready', { headers: monitor });
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

test('the home page renders in Chromium; it names the engines only to an authorised caller', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('sv-sdk demo');
  await expect(page.getByText('Status:')).toContainText('ok');
  await expect(page.getByText(/job queue/)).toHaveCount(0);

  await page.setExtraHTTPHeaders(monitor);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('sv-sdk demo');
  const embedded = testInfo.project.name === 'embedded';
  await expect(page.getByText(embedded ? 'PGlite (embedded PostgreSQL)' : 'PostgreSQL, Redis')).toBeVisible();
  await expect(page.getByText(embedded ? 'a postgres job queue' : 'a bullmq job queue')).toBeVisible();
  await expect(page.getByText('Status:')).toContainText('ok');
});
