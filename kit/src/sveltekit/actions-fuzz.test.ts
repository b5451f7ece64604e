import { isActionFailure, isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyString, describeValue, FUZZ_SEED, liveSession, samplePerCategory } from '../auth/fixtures/fuzz.ts';
import { createAuthHarness, signedUpUser, type AuthHarness } from '../auth/fixtures/harness.ts';
import { authActions } from './auth-actions.ts';
import { throughHandle, type FakeEventOptions } from './fixtures/request-event.ts';
import { svSdkHandle } from './handle.ts';

// Issue 9: every form action of `authActions()` (enumerated, so a new action is covered without a change here),
// driven through the SvelteKit handle like a browser's form post, signed out and signed in, answers a failure
// below 500 with a stable `{ error: { code } }`, a redirect, or success; never a thrown error (SvelteKit's 500).

/** The fields each action reads; an action missing here gets every field (slower, still covered). */
const FIELDS: Record<string, string[]> = {
  login: ['email', 'password', 'remember', 'redirectTo'],
  verifyTwoFactor: ['code', 'method', 'trustDevice', 'redirectTo'],
  signup: ['name', 'email', 'password'],
  resendVerification: ['email'],
  requestPasswordReset: ['email'],
  resetPassword: ['token', 'password', 'confirmPassword'],
  logout: [],
  updateProfile: ['name', 'email'],
  changePassword: ['currentPassword', 'newPassword', 'confirmPassword', 'revokeOtherSessions'],
  deleteAccount: ['password'],
  enableTwoFactor: ['password'],
  verifyTwoFactorSetup: ['code'],
  disableTwoFactor: ['password'],
  revokeSession: ['sessionId'],
  revokeOtherSessions: [],
};
const ALL_FIELDS = [...new Set(Object.values(FIELDS).flat())];

function plausible(field: string, turn: number): string {
  switch (field) {
    case 'email':
      return `form-fuzz-${turn}@example.com`;
    case 'name':
      return 'Form Fuzz';
    case 'code':
      return '123456';
    case 'method':
      return 'totp';
    case 'remember':
    case 'trustDevice':
    case 'revokeOtherSessions':
      return 'on';
    case 'redirectTo':
      return '/';
    // Wrong and short: refused by the policy or the hash check (one argon2 verification at most).
    default:
      return 'short';
  }
}

interface FormCase {
  label: string;
  options: FakeEventOptions;
}

function casesFor(fields: string[], turn: number, random: number): FormCase[] {
  const names = fields.length > 0 ? fields : ['unexpected'];
  // A new email per case: the per-account rate limits would otherwise answer most cases with 429.
  let serial = turn * 1000;
  const base = () => {
    serial += 1;
    return Object.fromEntries(names.map((field) => [field, plausible(field, serial)]));
  };
  const cases: FormCase[] = [
    { label: 'no body', options: { method: 'POST' } },
    { label: 'empty form', options: { form: {} } },
    { label: 'plausible', options: { form: base() } },
    { label: 'extra fields', options: { form: { ...base(), role: 'admin', userId: 'x', 'a\u0000': '1' } } },
    {
      label: 'JSON body',
      options: { body: JSON.stringify(base()), headers: { 'content-type': 'application/json' } },
    },
    {
      label: 'broken multipart',
      options: { body: '--x\r\nbroken', headers: { 'content-type': 'multipart/form-data; boundary=x' } },
    },
  ];
  const files = new FormData();
  const repeated = new FormData();
  for (const field of names) {
    files.set(field, new Blob(['file']), 'f.txt');
    repeated.append(field, plausible(field, turn));
    repeated.append(field, 'a\u0000b');
  }
  cases.push({ label: 'files instead of text', options: { form: files } });
  cases.push({ label: 'repeated fields', options: { form: repeated } });
  for (const field of names) {
    const { [field]: _missing, ...rest } = base();
    cases.push({ label: `missing ${field}`, options: { form: rest } });
  }
  // Forms carry text only: every category but wrong types, one value each, rotating through the table.
  names.forEach((field, index) => {
    for (const { category, value } of samplePerCategory(turn + index, { types: false })) {
      const form = { ...base(), [field]: value as string };
      cases.push({ label: `${field}=${category} ${describeValue(value)}`, options: { form } });
    }
  });
  const seed = FUZZ_SEED + turn;
  const record = fc.dictionary(fc.constantFrom(...names, 'extra'), anyString, { maxKeys: names.length + 1 });
  for (const [index, form] of fc.sample(record, { numRuns: random, seed }).entries()) {
    cases.push({ label: `random #${index} (seed ${seed}) ${describeValue(form)}`, options: { form } });
  }
  return cases;
}

type Outcome = { kind: 'ok' | 'redirect' | 'failure' | 'http' | 'thrown'; status: number; data?: unknown };

describe('fuzz: every auth form action answers < 500 with a stable error code', () => {
  let h: AuthHarness;
  let handle: ReturnType<typeof svSdkHandle>;
  const account = { email: 'form-fuzz-user@example.com', role: 'user', userId: '', cookie: '' };
  let ipCounter = 0;

  beforeAll(async () => {
    h = await createAuthHarness({ config: { RATE_LIMIT_ENABLED: true } });
    handle = svSdkHandle({ sdk: h.sdk });
    const created = await signedUpUser(h, account.email);
    account.userId = created.userId;
    account.cookie = created.cookie;
  });
  afterAll(() => h?.close());

  async function run(
    action: (event: RequestEvent) => Promise<unknown>,
    options: FakeEventOptions,
  ): Promise<{ response: number; outcome: Outcome }> {
    ipCounter += 1;
    const ip = `10.9.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
    let outcome: Outcome = { kind: 'ok', status: 200 };
    const { response } = await throughHandle(handle, '/fuzz', {
      ...options,
      ip,
      route: async (event) => {
        try {
          const result = await action(event);
          outcome = isActionFailure(result)
            ? { kind: 'failure', status: result.status, data: result.data }
            : { kind: 'ok', status: 200 };
        } catch (error) {
          if (isRedirect(error)) outcome = { kind: 'redirect', status: error.status };
          else if (isHttpError(error)) outcome = { kind: 'http', status: error.status, data: error.body };
          else outcome = { kind: 'thrown', status: 500, data: String(error) };
        }
        return new Response(null, { status: 204 });
      },
    });
    return { response: response.status, outcome };
  }

  function problemOf(response: number, outcome: Outcome): string | undefined {
    if (response >= 500) return `the handle answered ${response}`;
    if (outcome.kind === 'thrown') return `threw ${describeValue(outcome.data)}`;
    if (outcome.status >= 500) return `${outcome.kind} ${outcome.status} ${describeValue(outcome.data)}`;
    if (outcome.kind === 'failure') {
      const code = (outcome.data as { error?: { code?: unknown } } | undefined)?.error?.code;
      if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(code))
        return `failure ${outcome.status} without a stable code: ${describeValue(outcome.data)}`;
    }
    if (outcome.kind === 'http') {
      const code = (outcome.data as { code?: unknown } | undefined)?.code;
      if (typeof code !== 'string')
        return `http error ${outcome.status} without a code: ${describeValue(outcome.data)}`;
    }
    return undefined;
  }

  it('finds no 5xx and no thrown error, signed out and signed in', async () => {
    const actions = Object.entries(authActions()) as [string, (event: RequestEvent) => Promise<unknown>][];
    expect(actions.length).toBeGreaterThanOrEqual(15);
    const failures: string[] = [];
    const kinds = new Map<string, number>();
    let count = 0;
    let turn = 0;
    for (const [name, action] of actions) {
      for (const who of ['visitor', 'user'] as const) {
        turn += 1;
        for (const c of casesFor(FIELDS[name] ?? ALL_FIELDS, turn, who === 'visitor' ? 8 : 4)) {
          const cookie = who === 'user' ? await liveSession(h, account) : undefined;
          const { response, outcome } = await run(action, { ...c.options, cookie });
          count += 1;
          const kind = `${outcome.kind} ${outcome.status}`;
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
          const problem = problemOf(response, outcome);
          if (problem) failures.push(`${name} as ${who}, ${c.label}: ${problem}`);
        }
      }
    }
    const summary = [...kinds].sort().map(([kind, n]) => `${kind}×${n}`);
    console.log(
      `form action fuzz (${process.env.SV_SDK_TEST_DB ?? 'pglite'}, seed ${FUZZ_SEED}): ${count} submissions to ` +
        `${actions.length} actions; outcomes ${summary.join(', ')}`,
    );
    expect(failures).toEqual([]);
  }, 300_000);
});
