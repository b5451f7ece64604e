// Load: 200 concurrent sign-ins against the demo server on loopback (both engines). Every answer is a 200 with a
// session that belongs to the right user (nothing lost, nothing crossed), the per-account limit holds exactly under
// concurrency, and many accounts behind one address all sign in. Requests come "through the proxy" (TRUSTED_PROXIES is loopback): each simulated client
// has an X-Forwarded-For address of its own, so the limits stay on.
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { PROXY_HEADERS } from '../demo-env.ts';

const USERS = 200;
const PASSWORD = 'violet-harbour-quantum-47-tundra';

interface Client {
  email: string;
  ip: string;
}

function clientIp(index: number, run: string): string {
  return `10.${parseInt(run.slice(0, 2), 16)}.${Math.floor(index / 250)}.${(index % 250) + 1}`;
}

async function post(baseURL: string, path: string, ip: string, body: unknown, cookie?: string) {
  return fetch(`${baseURL}/api/auth${path}`, {
    method: 'POST',
    headers: {
      ...PROXY_HEADERS,
      origin: baseURL,
      'content-type': 'application/json',
      'x-forwarded-for': ip,
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify(body),
  });
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index] as T);
      }
    }),
  );
  return results;
}

function sessionCookie(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .filter((pair) => pair.includes('session_token='))
    .join('; ');
}

test.describe.configure({ timeout: 180_000 });

test('200 concurrent sign-ins: no 5xx, every session valid and the right user, account limit exact', async ({
  baseURL,
}) => {
  const base = baseURL ?? '';
  const run = randomBytes(4).toString('hex');
  const clients: Client[] = Array.from({ length: USERS }, (_, index) => ({
    email: `load.${run}.${index}@example.com`,
    ip: clientIp(index, run),
  }));

  // Accounts first (sign-up is limited to 3 an hour per IP: each client signs up from its own address).
  const signUps = await pool(clients, 16, async (client) => {
    const response = await post(base, '/sign-up/email', client.ip, {
      name: 'Load Test',
      email: client.email,
      password: PASSWORD,
    });
    await response.body?.cancel();
    return response.status;
  });
  expect(signUps.filter((status) => status !== 200)).toEqual([]);

  // All 200 sign-ins at once.
  const started = Date.now();
  const signIns = await Promise.all(
    clients.map(async (client) => {
      const response = await post(base, '/sign-in/email', client.ip, { email: client.email, password: PASSWORD });
      const cookie = sessionCookie(response);
      await response.body?.cancel();
      return { client, status: response.status, cookie };
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  console.log(`200 concurrent sign-ins answered in ${seconds.toFixed(2)} s (${(USERS / seconds).toFixed(0)}/s)`);
  const statuses = signIns.map((result) => result.status);
  expect(statuses.filter((status) => status >= 500)).toEqual([]);
  expect(statuses.filter((status) => status !== 200)).toEqual([]);

  // No lost sessions and no crossed ones: each cookie is a live session of its own user.
  const sessions = await pool(signIns, 32, async ({ client, cookie }) => {
    const response = await fetch(`${base}/api/auth/get-session`, {
      headers: { ...PROXY_HEADERS, cookie, 'x-forwarded-for': client.ip },
    });
    const body = (await response.json()) as { user?: { email: string } } | null;
    return body?.user?.email === client.email;
  });
  expect(sessions.filter((ok) => !ok)).toHaveLength(0);

  // One account hammered by 20 concurrent wrong passwords from 20 addresses: exactly 5 get an answer, 15 are
  // limited (5 per 15 minutes per account), even though every request ran at the same time.
  const target = clients[0] as Client;
  const wrong = await Promise.all(
    Array.from({ length: 20 }, async (_, index) => {
      const response = await post(base, '/sign-in/email', `10.250.${parseInt(run.slice(2, 4), 16)}.${index + 1}`, {
        email: target.email,
        password: `wrong-${index}-${run}`,
      });
      await response.body?.cancel();
      return response.status;
    }),
  );
  expect(wrong.filter((status) => status === 401)).toHaveLength(5);
  expect(wrong.filter((status) => status === 429)).toHaveLength(15);

  // One address signing in 20 accounts at once (an office behind a NAT): per-IP budgets count failures only, so
  // all get in (the kit's protection test shows the 101st failure from one address refused).
  const officeIp = `10.251.${parseInt(run.slice(4, 6), 16)}.1`;
  const office = await Promise.all(
    clients.slice(100, 120).map(async (client) => {
      const response = await post(base, '/sign-in/email', officeIp, { email: client.email, password: PASSWORD });
      await response.body?.cancel();
      return response.status;
    }),
  );
  expect(office.filter((status) => status === 200)).toHaveLength(20);
});
