import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SDK } from '../core/sdk.ts';
import { createTestSDK } from '../testing/index.ts';
import { livenessHandler, mayReadHealthDetails, readinessHandler } from './health-routes.ts';
import type { SessionUser } from './locals.ts';

interface Report {
  status: string;
  checkedAt: string;
  checks: Record<string, { status: string }>;
}
const report = async (response: Response) => (await response.json()) as Report;

const HEALTH_TOKEN = 'monitor-token-monitor-token-0123456789';

function event(sdk: SDK, options: { authorization?: string; role?: string } = {}) {
  const headers = new Headers(options.authorization ? { authorization: options.authorization } : {});
  const user = options.role === undefined ? null : ({ id: 'u1', role: options.role } as SessionUser);
  return { locals: { sdk, user, session: null }, request: new Request('http://app.test/ready', { headers }) };
}

describe('health routes', () => {
  let production: SDK;
  let development: SDK;
  beforeAll(async () => {
    production = await createTestSDK({ config: { NODE_ENV: 'production', HEALTH_TOKEN } });
    development = await createTestSDK({ config: { NODE_ENV: 'development' } });
  });
  afterAll(async () => {
    await production?.close();
    await development?.close();
  });

  it('in production an anonymous caller gets the status alone', async () => {
    const response = await readinessHandler()(event(production));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await report(response);
    expect(Object.keys(body).sort()).toEqual(['checkedAt', 'status']);
    expect(body.status).toBe('ok');
  });

  it('the details go to the HEALTH_TOKEN bearer and to admins, not to a wrong token or a plain user', async () => {
    const withToken = await report(
      await readinessHandler()(event(production, { authorization: `Bearer ${HEALTH_TOKEN}` })),
    );
    expect(Object.keys(withToken.checks)).toContain('db');
    const asAdmin = await report(await readinessHandler()(event(production, { role: 'user,admin' })));
    expect(asAdmin.checks.db?.status).toBe('up');

    for (const refused of [
      { authorization: `Bearer ${HEALTH_TOKEN}x` },
      { authorization: `Bearer ${HEALTH_TOKEN.slice(0, -1)}` },
      { authorization: `Basic ${HEALTH_TOKEN}` },
      { authorization: HEALTH_TOKEN },
      { role: 'user' },
      { role: 'administrator' },
      { role: '' },
    ]) {
      expect(await mayReadHealthDetails(event(production, refused)), JSON.stringify(refused)).toBe(false);
    }
    expect(await mayReadHealthDetails(event(production, { role: 'ops' }), { adminRoles: ['ops'] })).toBe(true);
  });

  it('outside production the details are open (a developer’s own machine)', async () => {
    const body = await report(await readinessHandler()(event(development)));
    expect(body.checks.db?.status).toBe('up');
  });

  it('without HEALTH_TOKEN no bearer opens the details, not even an empty one', async () => {
    const noToken = await createTestSDK({ config: { NODE_ENV: 'production' } });
    try {
      expect(await mayReadHealthDetails(event(noToken, { authorization: 'Bearer ' }))).toBe(false);
      expect(await mayReadHealthDetails(event(noToken, { authorization: 'Bearer undefined' }))).toBe(false);
    } finally {
      await noToken.close();
    }
  });

  it('a HEALTH_TOKEN shorter than 32 characters refuses to start', async () => {
    await expect(createTestSDK({ config: { NODE_ENV: 'production', HEALTH_TOKEN: 'short' } })).rejects.toThrow(
      /HEALTH_TOKEN/,
    );
  });

  it('liveness answers without the database', async () => {
    const response = livenessHandler()();
    expect(await report(response)).toMatchObject({ status: 'ok' });
  });
});
