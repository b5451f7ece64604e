import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSDKError } from '../core/errors.ts';
import { isCommonPassword, loadCommonPasswords, pwnedPasswordCount } from './breached-passwords.ts';
import { compactPassword, passwordForms } from './password-forms.ts';
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
    expect(short?.message).toMatch(/^Too short: use at least 12 characters \(this one has 8\)/);
    expect(short?.params).toEqual({ minLength: 12, length: 8 });
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
    // The rule first, then zxcvbn's own warning and suggestions (also as `params.hint` for apps that translate).
    expect(weak?.message).toMatch(/^Too easy to guess: .*[Rr]epeated.+/);
    expect(weak?.params).toMatchObject({ score: result.score, minScore: 3, hint: expect.stringMatching(/repeated/i) });
    expect(weak?.message).toContain(weak?.params?.hint);
  });

  it('refuses passwords from the bundled breach list, case-insensitively', async () => {
    const result = await policy.check('Qwertyuiop123');
    expect(codes(result.problems)).toContain('PASSWORD_BREACHED');
    expect(await isCommonPassword('PASSWORD')).toBe(true);
    expect(await isCommonPassword(STRONG)).toBe(false);
    const list = await loadCommonPasswords();
    expect(list.size).toBeGreaterThanOrEqual(20_000);
    expect([...list].filter((password) => password.length >= 12).length).toBeGreaterThanOrEqual(10_000);
  });

  it('refuses the famous passphrases and their variants as too common (breached list), naming the rule', async () => {
    for (const password of [
      'correcthorsebatterystaple',
      'correct horse battery staple',
      'Correct Horse Battery Staple',
      'correct-horse-battery-staple',
      'Correct_Horse_Battery_Staple',
      'CorrectHorseBatteryStaple1!',
      'correct.horse.battery.staple.2024',
      'c0rrect h0rse b4ttery st4ple',
      'Tr0ub4dor&3',
      'Tr0ub4dor&3!',
      'The quick brown fox jumps over the lazy dog.',
      'May the Force be with you',
      'all-your-base-are-belong-to-us',
    ]) {
      const result = await policy.check(password);
      expect(result.ok, password).toBe(false);
      const breached = result.problems.find((problem) => problem.code === 'PASSWORD_BREACHED');
      expect(breached?.message, password).toMatch(/^Too common: .*(leaked|well-known) passwords/);
    }
    // zxcvbn alone scores the xkcd phrase as strong: only the list stops it.
    const xkcd = await policy.check('correct horse battery staple');
    expect(xkcd.score).toBeGreaterThanOrEqual(3);
    expect(codes(xkcd.problems)).toEqual(['PASSWORD_BREACHED']);
  });

  it('compares passphrases compacted: no case, spaces or separators, a short tail and look-alike digits aside', () => {
    expect(compactPassword('Correct Horse-Battery_staple')).toBe('correcthorsebatterystaple');
    expect(compactPassword('Don’t  Panic')).toBe('dontpanic');
    expect(passwordForms('C0rrect-Horse-Battery-Staple-2024!')).toContain('correcthorsebatterystaple');
    expect(passwordForms('Tr0ub4dor&3!')).toEqual(expect.arrayContaining(['tr0ub4dor&3!', 'tr0ub4dor', 'troubador']));
    // A long random tail is not a decoration: only up to five digits/symbols are dropped.
    expect(passwordForms('monkey8372649185')).not.toContain('monkey');
  });

  it('accepts strong passphrases that only look like famous ones', async () => {
    for (const password of [
      'correct-horse-battery-stapler-walrus',
      'Keyboard-Only-Walrus-71',
      'staple battery horse correct',
    ]) {
      expect(codes((await policy.check(password)).problems), password).not.toContain('PASSWORD_BREACHED');
    }
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

  it('refuses personal information only where it carries the password, not a strong passphrase sharing one word', async () => {
    // The report: `Keyboard-Only-Walrus-71` (zxcvbn score 4, on no list) was refused only because the person's name
    // or address shared a word with it ("walrus"), or a fragment of one ("board" in "keyboard").
    for (const context of [
      { name: 'Amy Walrus', email: 'amy@walrus.dev' },
      { name: 'Ed Board', email: 'ed@example.com' },
      { name: 'Keyboard Fan', email: 'kf@example.com' },
      { name: 'Ada Lovelace', email: 'ada@example.com' },
    ]) {
      const result = await policy.check('Keyboard-Only-Walrus-71', context);
      expect(result.problems, JSON.stringify(context)).toEqual([]);
      expect(result.score).toBe(4);
    }
    // Built on the name (half of its letters or more), or weak once the name is known: refused, whatever the score.
    for (const [password, context] of [
      ['walrus-amy-walrus-amy-1', { name: 'Amy Walrus', email: 'amy@walrus.dev' }],
      ['ann-lee-1987-07-12', { name: 'Ann Lee', email: 'ann@example.com' }],
      ['jonathan.smith.2024', { name: 'Jonathan Smith', email: 'jsmith@acme.io' }],
      ['Margarethe1987!', { name: 'Margarethe von Stein', email: 'mvs@example.com' }],
    ] as const) {
      const result = await policy.check(password, context);
      const personal = result.problems.find((problem) => problem.code === 'PASSWORD_CONTAINS_PERSONAL_INFO');
      expect(personal?.message, password).toMatch(/^Contains your name or email address: /);
    }
  });

  it('names the failed rule first in every message', async () => {
    const rules: Record<PasswordProblemCode, RegExp> = {
      PASSWORD_TOO_SHORT: /^Too short: /,
      PASSWORD_TOO_LONG: /^Too long: /,
      PASSWORD_BREACHED: /^Too common: /,
      PASSWORD_TOO_WEAK: /^Too easy to guess: /,
      PASSWORD_CONTAINS_PERSONAL_INFO: /^Contains your name or email address: /,
    };
    const seen = new Set<PasswordProblemCode>();
    for (const [password, context] of [
      ['x7#Kq!2z', {}],
      ['b'.repeat(129), {}],
      ['password1234', {}],
      ['aaaaaaaaaaaaaaaa', {}],
      ['ann.lee@example.com', { email: 'ann.lee@example.com', name: 'Ann Lee' }],
    ] as const) {
      for (const problem of (await policy.check(password, context)).problems) {
        expect(problem.message).toMatch(rules[problem.code]);
        seen.add(problem.code);
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(rules).sort());
    expect((await policy.check('b'.repeat(129))).problems[0]?.params).toEqual({ maxLength: 128 });
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
