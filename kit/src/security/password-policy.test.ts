import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSDKError } from '../core/errors.ts';
import { isCommonPassword, loadCommonPasswords, pwnedPasswordCount } from './breached-passwords.ts';
import { createPasswordPolicy, personalWords, type PasswordProblemCode } from './password-policy.ts';

const STRONG = 'violet-Tractor-harbour-91-quilt';
const codes = (problems: { code: PasswordProblemCode }[]) => problems.map((problem) => problem.code).sort();

describe('password policy (offline)', () => {
  const policy = createPasswordPolicy();

  it('accepts a long, unguessable passphrase', async () => {
    const result = await policy.check(STRONG, { email: 'ann.lee@example.com', name: 'Ann Lee' });
    expect(result).toEqual({ ok: true, score: expect.any(Number), problems: [], breachCheck: 'offline' });
    expect(result.score).toBeGreaterThanOrEqual(3);
  });

  it('refuses short passwords, saying how long they must be', async () => {
    const result = await policy.check('x7#Kq!2z');
    expect(result.ok).toBe(false);
    const short = result.problems.find((problem) => problem.code === 'PASSWORD_TOO_SHORT');
    expect(short?.message).toContain('at least 12 characters (this one has 8)');
  });

  it('counts Unicode code points, not UTF-16 units', async () => {
    // 11 emoji are 22 UTF-16 units but 11 characters: still too short.
    const result = await policy.check('🐙🦊🐢🦉🐝🦀🐬🦒🐧🦔🐌');
    expect(codes(result.problems)).toContain('PASSWORD_TOO_SHORT');
  });

  it('refuses weak passwords with zxcvbn’s hints', async () => {
    const result = await policy.check('aaaaaaaaaaaaaaaa');
    expect(codes(result.problems)).toContain('PASSWORD_TOO_WEAK');
    expect(result.score).toBeLessThan(3);
    const weak = result.problems.find((problem) => problem.code === 'PASSWORD_TOO_WEAK');
    expect(weak?.message).toMatch(/too easy to guess\..+/);
  });

  it('refuses passwords from the bundled breach list, case-insensitively', async () => {
    const result = await policy.check('Qwertyuiop123');
    expect(codes(result.problems)).toContain('PASSWORD_BREACHED');
    expect(await isCommonPassword('PASSWORD')).toBe(true);
    expect(await isCommonPassword(STRONG)).toBe(false);
    const list = await loadCommonPasswords();
    expect(list.size).toBe(20_000);
    expect([...list].filter((password) => password.length >= 12).length).toBeGreaterThanOrEqual(10_000);
  });

  it('refuses the user’s own name and email parts, even inside a stronger password', async () => {
    const context = { email: 'margarethe.vonstein@example.com', name: 'Margarethe von Stein' };
    const result = await policy.check('vonstein-Margarethe-2025!', context);
    expect(codes(result.problems)).toContain('PASSWORD_CONTAINS_PERSONAL_INFO');
    const exact = await policy.check('margarethe.vonstein@example.com', context);
    expect(exact.ok).toBe(false);
    expect(codes(exact.problems)).toContain('PASSWORD_CONTAINS_PERSONAL_INFO');
    // The same password is fine for someone else.
    expect(
      (await policy.check('vonstein-Margarethe-2025!', { email: 'bob@example.com' })).problems.map((p) => p.code),
    ).not.toContain('PASSWORD_CONTAINS_PERSONAL_INFO');
  });

  it('refuses oversized passwords at once, without scoring them', async () => {
    const started = performance.now();
    const result = await policy.check('a'.repeat(1_000_000));
    expect(performance.now() - started).toBeLessThan(50);
    expect(result).toEqual({
      ok: false,
      score: 0,
      breachCheck: 'offline',
      problems: [expect.objectContaining({ code: 'PASSWORD_TOO_LONG' })],
    });
    expect(codes((await policy.check('b'.repeat(129))).problems)).toEqual(['PASSWORD_TOO_LONG']);
    expect(codes((await policy.check(null as unknown as string)).problems)).toEqual(['PASSWORD_TOO_SHORT']);
  });

  it('throws AUTH_PASSWORD_BREACHED or AUTH_PASSWORD_TOO_WEAK (400) with the problems as details', async () => {
    await expect(policy.assert(STRONG)).resolves.toMatchObject({ ok: true });
    for (const [password, code] of [
      ['password1234', 'AUTH_PASSWORD_BREACHED'],
      ['x7#Kq!2z', 'AUTH_PASSWORD_TOO_WEAK'],
    ] as const) {
      try {
        await policy.assert(password);
        throw new Error(`accepted ${password}`);
      } catch (error) {
        expect(isSDKError(error, code), String(error)).toBe(true);
        expect((error as { status: number }).status).toBe(400);
        expect((error as { details: { problems: unknown[] } }).details.problems.length).toBeGreaterThan(0);
      }
    }
  });

  it('validates its own options', () => {
    expect(() => createPasswordPolicy({ minLength: 4 })).toThrow(RangeError);
    expect(() => createPasswordPolicy({ minLength: 20, maxLength: 16 })).toThrow(RangeError);
  });

  it('derives personal words from the name and address', () => {
    expect(personalWords({ email: 'Ann.Lee+x@acme.io', name: 'Ann Lee' })).toEqual(
      expect.arrayContaining(['ann.lee+x@acme.io', 'ann.lee+x', 'ann', 'lee', 'acme', 'ann lee']),
    );
    expect(personalWords({})).toEqual([]);
  });
});

describe('password policy (online, against a local range API)', () => {
  let server: Server;
  let baseUrl: string;
  const requests: { url: string; padding: string | undefined }[] = [];
  const breached = 'violet-Tractor-harbour-91-quilt-leaked';
  let mode: 'normal' | 'slow' | 'error' = 'normal';

  beforeAll(async () => {
    const digest = createHash('sha1').update(breached).digest('hex').toUpperCase();
    const strongDigest = createHash('sha1').update(STRONG).digest('hex').toUpperCase();
    server = createServer((request, response) => {
      requests.push({ url: request.url ?? '', padding: request.headers['add-padding'] as string | undefined });
      if (mode === 'error') {
        response.writeHead(503).end();
        return;
      }
      const prefix = (request.url ?? '').split('/').pop() ?? '';
      const lines = ['0018A45C4D1DEF81644B54AB7F969B88D65:1', '00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2'];
      if (prefix === digest.slice(0, 5)) lines.push(`${digest.slice(5)}:42`);
      // A padding entry for the strong password: count 0 means "not breached".
      if (prefix === strongDigest.slice(0, 5)) lines.push(`${strongDigest.slice(5)}:0`);
      const send = () => response.writeHead(200, { 'content-type': 'text/plain' }).end(lines.join('\r\n'));
      if (mode === 'slow') setTimeout(send, 1000);
      else send();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends only the 5-character SHA-1 prefix, asks for padding, and finds the suffix', async () => {
    mode = 'normal';
    requests.length = 0;
    expect(await pwnedPasswordCount(breached, { baseUrl })).toBe(42);
    const digest = createHash('sha1').update(breached).digest('hex').toUpperCase();
    expect(requests).toEqual([{ url: `/range/${digest.slice(0, 5)}`, padding: 'true' }]);
    expect(requests[0]?.url).not.toContain(digest.slice(5, 10));
    expect(await pwnedPasswordCount(STRONG, { baseUrl })).toBe(0);
  });

  it('reports online breaches through the policy', async () => {
    mode = 'normal';
    const policy = createPasswordPolicy({ breachedCheck: 'online', pwned: { baseUrl } });
    const result = await policy.check(breached);
    expect(result.breachCheck).toBe('online');
    expect(codes(result.problems)).toEqual(['PASSWORD_BREACHED']);
    expect(await policy.check(STRONG)).toMatchObject({ ok: true, breachCheck: 'online' });
  });

  it('fails open to the offline result on timeout or error', async () => {
    const policy = createPasswordPolicy({ breachedCheck: 'online', pwned: { baseUrl, timeoutMs: 150 } });
    mode = 'slow';
    const started = performance.now();
    const slow = await policy.check(breached);
    expect(performance.now() - started).toBeLessThan(900);
    expect(slow).toMatchObject({ ok: true, breachCheck: 'offline' });
    // The offline list still catches common passwords while the service is down.
    mode = 'error';
    expect(await pwnedPasswordCount(breached, { baseUrl })).toBeUndefined();
    const common = await policy.check('qwerty123456');
    expect(common.breachCheck).toBe('offline');
    expect(codes(common.problems)).toContain('PASSWORD_BREACHED');
    expect(await pwnedPasswordCount('x', { baseUrl: 'http://127.0.0.1:1' })).toBeUndefined();
  });
});
