// A PostgreSQL outage while people sign up, sign in, read their session, sign out, change or reset their password,
// verify their email and delete their account: nothing they sent (emails, passwords, session tokens, cookies,
// verification tokens) may reach a log line, the console, stdout or stderr. Drizzle puts a failed query's parameters
// in its error message and better-call prints unhandled errors with console.error, so each of those paths leaked
// before. Always on the machine's PostgreSQL (a scratch database), whatever SV_SDK_TEST_DB says, like the other
// *.postgres tests: the outage is real (the database refuses connections and its backends are terminated).
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { formatWithOptions } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../core/logger.ts';
import { runWithRequestContext } from '../core/request-context.ts';
import { dbPlugin } from '../db/plugin.ts';
import { createScratchPostgresDatabase, testPostgresUrl, type ScratchPostgresDatabase } from '../testing/index.ts';
import {
  createAuthHarness,
  NEW_PASSWORD,
  PASSWORD,
  sessionCookieValue,
  signedUpUser,
  type AuthHarness,
} from './fixtures/harness.ts';

/** Everything written anywhere while capturing: log lines, console calls, stdout/stderr (stream and fd writes). */
function captureOutput() {
  const logLines: string[] = [];
  const printed: string[] = [];
  let capturing = false;
  const destination = new Writable({
    write(chunk, _encoding, done) {
      if (capturing) logLines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const start = () => {
    capturing = true;
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        printed.push(`console.${method}: ${formatWithOptions({ depth: 8 }, ...args)}`);
      });
    }
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
        printed.push(`${stream === process.stdout ? 'stdout' : 'stderr'}: ${String(chunk)}`);
        return true;
      });
    }
    // pino's default destination (and any other fd writer) bypasses process.stdout.write.
    const writeSync = fs.writeSync.bind(fs);
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown, ...rest: never[]) => {
      if (fd === 1 || fd === 2) {
        printed.push(`fd ${fd}: ${String(data)}`);
        return typeof data === 'string' ? Buffer.byteLength(data) : (data as Uint8Array).byteLength;
      }
      return writeSync(fd, data as string, ...rest);
    }) as typeof fs.writeSync);
  };
  const stop = () => {
    capturing = false;
    vi.restoreAllMocks();
  };
  return { logger, logLines, printed, start, stop };
}

describe('secrets in logs during a PostgreSQL outage', () => {
  let scratch: ScratchPostgresDatabase;
  let h: AuthHarness;
  const output = captureOutput();
  const tag = randomBytes(4).toString('hex');
  const signedIn = `outage-signed-in-${tag}@example.com`;
  const unverified = `outage-unverified-${tag}@example.com`;
  const newcomer = `outage-newcomer-${tag}@example.com`;
  const wrongPassword = `wrong-Password-${tag}-77!`;
  let cookie = '';
  let verificationToken = '';

  const admin = () => postgres(testPostgresUrl(), { max: 1, onnotice: () => {}, connect_timeout: 10 });
  /** The database goes away: new connections are refused and every open one is terminated. */
  async function outage(down: boolean) {
    const sql = admin();
    try {
      await sql.unsafe(`alter database "${scratch.name}" allow_connections ${down ? 'false' : 'true'}`);
      if (down) {
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${scratch.name} and pid <> pg_backend_pid()`;
      }
    } finally {
      await sql.end({ timeout: 5 });
    }
  }

  beforeAll(async () => {
    scratch = await createScratchPostgresDatabase();
    h = await createAuthHarness({
      config: { DATABASE_URL: scratch.url, DB_MIGRATE_ON_START: true, JOBS_WORKER: true },
      sdk: { plugins: [dbPlugin()], logger: output.logger },
    });
    ({ cookie } = await signedUpUser(h, signedIn));
    const signUp = await h.call('/sign-up/email', { body: { email: unverified, password: PASSWORD, name: 'Later' } });
    expect(signUp.status).toBe(200);
    verificationToken = h.last('user.verification_requested', (event) => event.email === unverified)?.token ?? '';
    expect(verificationToken).not.toBe('');
  });
  afterAll(async () => {
    output.stop();
    if (scratch) await outage(false).catch(() => {});
    await h?.close();
    await scratch?.drop();
  });

  it(
    'no email, password, session token, cookie or verification token is logged or printed on any auth path',
    { timeout: 120_000 },
    async () => {
      const token = sessionCookieValue(cookie);
      const secrets = {
        [signedIn]: 'email',
        [unverified]: 'email',
        [newcomer]: 'email',
        [PASSWORD]: 'password',
        [NEW_PASSWORD]: 'password',
        [wrongPassword]: 'password',
        [token]: 'signed session cookie value',
        [token.split('.')[0] as string]: 'session token',
        [encodeURIComponent(token)]: 'cookie value as sent',
        [verificationToken]: 'verification token',
      };
      // Session reads must reach the database, not the cache.
      await h.sdk.cache.deleteByPrefix('auth:');

      output.start();
      await outage(true);
      const statuses: Record<string, number | 'no answer within 5 s'> = {};
      // A request may also wait for the database instead of failing (seen with the job worker running): its lines come
      // when the database is back, and this test does not wait for them.
      const within = <T>(answer: Promise<T>): Promise<T | 'no answer within 5 s'> =>
        Promise.race([
          answer,
          new Promise<'no answer within 5 s'>((resolve) => setTimeout(resolve, 5000, 'no answer within 5 s')),
        ]);
      const call = async (name: string, path: string, options: Parameters<AuthHarness['call']>[1]) => {
        const response = await within(h.call(path, options));
        statuses[name] = typeof response === 'string' ? response : response.status;
      };
      // Through the handler, as a browser would.
      await call('sign-up', '/sign-up/email', { body: { email: newcomer, password: PASSWORD, name: 'New' } });
      await call('sign-in', '/sign-in/email', { body: { email: signedIn, password: PASSWORD } });
      await call('sign-in (wrong password)', '/sign-in/email', { body: { email: signedIn, password: wrongPassword } });
      await call('get-session', '/get-session', { cookie });
      await call('list-sessions', '/list-sessions', { cookie });
      await call('update-user', '/update-user', { cookie, body: { name: 'Renamed' } });
      await call('change-password', '/change-password', {
        cookie,
        body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: true },
      });
      await call('request-password-reset', '/request-password-reset', {
        body: { email: signedIn, redirectTo: '/reset' },
      });
      await call('verify-email', `/verify-email?token=${encodeURIComponent(verificationToken)}`, {});
      await call('delete-user', '/delete-user', { cookie, body: { password: PASSWORD } });
      await call('sign-out', '/sign-out', { cookie, body: {} });
      // On the server, as the SvelteKit handle and form actions do: whatever they throw is logged with the error.
      const onServer = async (name: string, run: () => Promise<unknown>) => {
        const outcome = await within(
          runWithRequestContext({ clientIp: '203.0.113.9' }, run).then(
            () => 200,
            (error: unknown) => {
              output.logger.error({ err: error }, `${name} failed`);
              return 500;
            },
          ),
        );
        statuses[name] = outcome;
      };
      await onServer('getSession (cache miss)', () => h.auth.getSession(new Headers({ cookie })));
      await onServer('api.signInEmail', () =>
        h.auth.api.signInEmail({ body: { email: signedIn, password: PASSWORD }, headers: new Headers() }),
      );
      await onServer('api.requestPasswordReset', () =>
        h.auth.api.requestPasswordReset({ body: { email: unverified, redirectTo: '/reset' }, headers: new Headers() }),
      );
      // Background work (queued events, the job worker's polls) gets a moment to fail too.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await outage(false);
      output.stop();

      // The outage was real: the database paths failed.
      const failed = Object.values(statuses).filter((status) => typeof status === 'number' && status >= 500);
      expect(failed.length, JSON.stringify(statuses)).toBeGreaterThanOrEqual(6);
      const found = Object.entries(secrets)
        .filter(([secret]) => secret.length > 0)
        .map(([secret, kind]) => {
          const inLogs = output.logLines.filter((line) => line.includes(secret));
          const printed = output.printed.filter((text) => text.includes(secret));
          const example = [...inLogs, ...printed][0] ?? '';
          return { kind, logLines: inLogs.length, printed: printed.length, example: example.slice(0, 400) };
        })
        .filter((leak) => leak.logLines + leak.printed > 0);
      expect(found).toEqual([]);
      // The failures are logged by query shape and error code instead.
      const errors = output.logLines
        .map((line) => JSON.parse(line) as { level: number; err?: Record<string, unknown> })
        .filter((line) => line.level >= 50 && line.err);
      expect(errors.length).toBeGreaterThan(0);
      expect(JSON.stringify(errors)).toMatch(/"code":"(57P01|55000|CONNECTION_[A-Z]+|ECONNREFUSED|ECONNRESET)"/);
    },
  );
});
