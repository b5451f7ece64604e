import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../core/logger.ts';
import { createAuthHarness, PASSWORD, sessionCookieValue, signedUpUser, type AuthHarness } from './fixtures/harness.ts';
import { betterAuthLogging } from './logging.ts';

interface Line {
  level: number;
  msg: string;
  component?: string;
  [key: string]: unknown;
}

function capture() {
  const lines: Line[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      raw.push(String(chunk));
      lines.push(JSON.parse(String(chunk)) as Line);
      done();
    },
  });
  return { lines, raw, logger: createLogger({ level: 'debug', destination }) };
}

const ERROR = 50;
const INFO = 30;

describe("better-auth's logger", () => {
  const logs = capture();
  let h: AuthHarness;
  const consoleCalls: unknown[][] = [];
  beforeAll(async () => {
    for (const method of ['log', 'info', 'warn', 'error'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleCalls.push(args));
    }
    h = await createAuthHarness({ config: { RATE_LIMIT_ENABLED: true }, sdk: { logger: logs.logger } });
  });
  afterAll(async () => {
    await h?.close();
    vi.restoreAllMocks();
  });

  it('a rate-limited sign-in is an info line of ours, not an ERROR on the console; wrong passwords are debug', async () => {
    const email = 'logged@example.com';
    const { cookie } = await signedUpUser(h, email);
    let status = 0;
    for (let attempt = 1; attempt <= 7 && status !== 429; attempt += 1) {
      const wrong = await h.call('/sign-in/email', {
        body: { email, password: 'wrong-Password-1234' },
        ip: `192.0.2.${attempt}`,
      });
      status = wrong.status;
    }
    expect(status).toBe(429);

    const ours = logs.lines.filter((line) => line.component === 'better-auth');
    const limited = ours.find((line) => line.code === 'RATE_LIMITED');
    expect(limited).toMatchObject({ level: INFO, status: 429, msg: '429 Too many requests. Try again later.' });
    // An answer to a client, not a fault: no stack.
    expect(limited).not.toHaveProperty('err');
    expect(ours.find((line) => line.msg === 'Invalid password')?.level).toBeLessThan(INFO);
    expect(ours.filter((line) => line.level >= ERROR)).toEqual([]);
    expect(consoleCalls.filter((args) => args.some((arg) => String(arg).includes('Better Auth')))).toEqual([]);

    // Nothing of the credentials reached a line.
    const text = logs.raw.join('');
    for (const secret of ['wrong-Password-1234', PASSWORD, sessionCookieValue(cookie)]) {
      expect(text).not.toContain(secret);
    }
  });

  it('scrubs tokens, passwords, cookies and credentials from messages and arguments, at any depth', () => {
    const { lines, raw, logger } = capture();
    const { logger: options } = betterAuthLogging(logger);
    const error = Object.assign(new Error('upstream said: Bearer sk_live_abc'), {
      config: { headers: { authorization: 'Bearer sk_live_abc' } },
    });
    options.log?.(
      'error',
      'Invalid callbackURL: https://app.example/cb?token=tok_123&next=/home',
      { provider: 'github', body: { password: 'hunter2', nested: { refresh_token: 'rt_456' } } },
      'Cookie: better-auth.session_token=sess_789; theme=dark',
      '{"access_token":"at_000","scope":"email"}',
      error,
    );
    const text = raw.join('');
    for (const secret of ['tok_123', 'hunter2', 'rt_456', 'sess_789', 'at_000', 'sk_live_abc']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('github');
    expect(text).toContain('theme=dark');
    expect(lines[0]).toMatchObject({ level: 40, component: 'better-auth', err: { type: 'Error' } });
    expect(String((lines[0]?.err as { stack?: string }).stack)).toContain('logging.test.ts');
  });
});
