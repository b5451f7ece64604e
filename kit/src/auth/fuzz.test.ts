import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWithRequestContext } from '../core/request-context.ts';
import { BASE_URL, createAuthHarness, signedUpUser, type AuthHarness } from './fixtures/harness.ts';
import {
  anyBody,
  anyString,
  describeValue,
  FUZZ_SEED,
  liveSession,
  NASTY_STRINGS,
  samplePerCategory,
  WRONG_TYPES,
} from './fixtures/fuzz.ts';

// Issue 9: every input a client controls ends in a 4xx with the stable error body, never a 5xx. Every endpoint the
// better-auth instance serves (read from `auth.api`, so a new plugin's endpoints are covered without a change
// here) gets, through `auth.handler` as /api/auth would, signed out and signed in (admin endpoints also as an
// admin): missing/extra fields, wrong types, oversized strings, unicode edge cases, NUL and control characters,
// non-JSON bodies, plus random bodies from fast-check (FUZZ_SEED reproduces a run).

type Method = 'GET' | 'POST';
type Who = 'visitor' | 'user' | 'admin';

interface Endpoint {
  key: string;
  path: string;
  methods: Method[];
  /** Fields of the body (POST) or query (GET) schema; a generic list when the schema does not say. */
  bodyFields: string[];
  queryFields: string[];
}

interface Case {
  label: string;
  method: Method;
  path: string;
  query?: URLSearchParams;
  body?: RequestInit['body'];
  contentType?: string;
}

const GENERIC_FIELDS = ['email', 'password', 'name', 'token', 'userId', 'callbackURL'];
const ERROR_CODE = /^[A-Z][A-Z0-9_]+$/;

/** Field names of a zod object schema (also behind optional/default wrappers). */
function fieldsOf(schema: unknown): string[] {
  let current = schema as { shape?: Record<string, unknown>; def?: { innerType?: unknown } } | undefined;
  for (let depth = 0; current && depth < 4 && !current.shape; depth += 1)
    current = current.def?.innerType as typeof current;
  return Object.keys(current?.shape ?? {});
}

function endpointsOf(api: Record<string, unknown>): { served: Endpoint[]; excluded: string[] } {
  const served: Endpoint[] = [];
  const excluded: string[] = [];
  for (const [key, value] of Object.entries(api)) {
    const endpoint = value as { path?: string; options?: { method?: unknown; body?: unknown; query?: unknown } };
    // No path: a server-only endpoint (auth.api.* only, e.g. setPassword); no client can reach it.
    if (typeof endpoint.path !== 'string' || endpoint.path === '') {
      excluded.push(key);
      continue;
    }
    const declared = endpoint.options?.method;
    const list = (Array.isArray(declared) ? declared : [declared]) as string[];
    const methods = list.includes('*')
      ? (['GET', 'POST'] as Method[])
      : list.filter((m) => m === 'GET' || m === 'POST');
    if (methods.length === 0) methods.push('POST');
    served.push({
      key,
      path: endpoint.path,
      methods: methods as Method[],
      bodyFields: fieldsOf(endpoint.options?.body),
      queryFields: fieldsOf(endpoint.options?.query),
    });
  }
  return { served, excluded };
}

/** A value each field accepts, so that a hostile value in one field reaches past the others' validation. */
function plausible(field: string, turn: number, targetUserId: string): unknown {
  switch (field) {
    case 'email':
      return `fuzz-${turn}@example.com`;
    case 'newEmail':
      return `fuzz-new-${turn}@example.com`;
    // Wrong and short: fails at the policy or the hash check, keeping argon2 out of most cases.
    case 'password':
    case 'newPassword':
    case 'currentPassword':
      return 'short';
    case 'name':
      return 'Fuzz Name';
    case 'userId':
      return targetUserId;
    case 'callbackURL':
    case 'newUserCallbackURL':
    case 'errorCallbackURL':
    case 'redirectTo':
      return '/';
    case 'rememberMe':
    case 'revokeOtherSessions':
    case 'trustDevice':
    case 'dontRememberMe':
    case 'disableRedirect':
      return true;
    case 'code':
      return '123456';
    case 'role':
      return 'user';
    case 'limit':
    case 'offset':
      return 5;
    default:
      return 'fuzz';
  }
}

function queryOf(record: Record<string, unknown>): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) query.append(key, String(item));
    else if (value !== null && typeof value === 'object') query.append(`${key}[a]`, JSON.stringify(value));
    else query.append(key, String(value));
  }
  return query;
}

/** Percent-encoding that also sends a lone surrogate, as its (invalid) three UTF-8-style bytes. */
function encodeSegment(value: string): string {
  return value.replace(/[\uD800-\uDFFF]|[^\uD800-\uDFFF]+/g, (part) => {
    const code = part.charCodeAt(0);
    if (part.length > 1 || code < 0xd800 || code > 0xdfff) return encodeURIComponent(part);
    const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
    return bytes.map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
  });
}

/** Path parameters (`/reset-password/:token`) filled with `value`. */
function fillPath(path: string, value: string): string {
  return path.replace(/:[A-Za-z]+/g, () => encodeSegment(value));
}

function casesFor(endpoint: Endpoint, method: Method, turn: number, targetUserId: string, random: number): Case[] {
  const cases: Case[] = [];
  const fields = method === 'GET' ? endpoint.queryFields : endpoint.bodyFields;
  const names = fields.length > 0 ? fields : GENERIC_FIELDS;
  // A new email per case: the per-account rate limits would otherwise answer most cases with 429.
  let serial = turn * 1000;
  const base = () => {
    serial += 1;
    return Object.fromEntries(names.map((field) => [field, plausible(field, serial, targetUserId)]));
  };
  const path = fillPath(endpoint.path, 'fuzz');
  const json = (label: string, body: unknown, at = path): Case =>
    method === 'GET'
      ? { label, method, path: at, query: queryOf(body as Record<string, unknown>) }
      : { label, method, path: at, body: JSON.stringify(body), contentType: 'application/json' };

  // Shapes.
  cases.push({ label: 'no body', method, path });
  cases.push(json('all fields missing', {}));
  cases.push(json('plausible', base()));
  cases.push(
    json('extra fields', {
      ...base(),
      role: 'admin',
      emailVerified: true,
      id: 'x',
      banned: false,
      'a\u0000': 1,
      ['k'.repeat(300)]: 1,
    }),
  );
  for (const field of names) {
    const { [field]: _missing, ...rest } = base();
    cases.push(json(`missing ${field}`, rest));
  }
  if (method === 'POST') {
    cases.push({ label: 'non-JSON body', method, path, body: 'not json {', contentType: 'application/json' });
    cases.push({ label: 'JSON array', method, path, body: '[1,2]', contentType: 'application/json' });
    cases.push({ label: 'JSON string', method, path, body: '"text"', contentType: 'application/json' });
    cases.push({ label: 'JSON null', method, path, body: 'null', contentType: 'application/json' });
    cases.push({ label: 'text/plain', method, path, body: 'email=a@b.c', contentType: 'text/plain' });
    const form = new URLSearchParams({ ...base(), email: 'a\u0000b@example.com', name: '\u202E' });
    cases.push({ label: 'urlencoded', method, path, body: form, contentType: 'application/x-www-form-urlencoded' });
    const multipart = new FormData();
    multipart.set(names[0] ?? 'email', new Blob(['file']), 'f.txt');
    cases.push({ label: 'multipart file', method, path, body: multipart });
  } else {
    const repeated = queryOf(base());
    for (const field of names) repeated.append(field, 'again');
    cases.push({ label: 'repeated query keys', method, path, query: repeated });
  }
  // Path parameters with hostile values.
  if (endpoint.path.includes(':')) {
    for (const value of ['a\u0000b', NASTY_STRINGS.oversized[1], '\uD800', '..%2F..', '']) {
      cases.push(json(`path ${describeValue(value)}`, base(), fillPath(endpoint.path, value)));
    }
  }
  // One hostile value per category in each field (rotating through the table run by run).
  names.forEach((field, index) => {
    for (const { category, value } of samplePerCategory(turn + index, { types: method === 'POST' })) {
      cases.push(json(`${field}=${category} ${describeValue(value)}`, { ...base(), [field]: value }));
    }
  });
  // Random bodies and queries.
  const seed = FUZZ_SEED + turn;
  for (const [index, body] of fc.sample(anyBody(names), { numRuns: random, seed }).entries()) {
    cases.push(json(`random #${index} (seed ${seed}) ${describeValue(body)}`, body));
  }
  if (endpoint.path.includes(':')) {
    for (const value of fc.sample(anyString, { numRuns: 2, seed })) {
      cases.push(json(`random path ${describeValue(value)}`, base(), fillPath(endpoint.path, value)));
    }
  }
  return cases;
}

describe('fuzz: every auth endpoint answers a client with < 500 and the stable error body', () => {
  let h: AuthHarness;
  let victimId = '';
  const accounts = {
    user: { email: 'fuzz-user@example.com', role: 'user', userId: '', cookie: '' },
    admin: { email: 'fuzz-admin@example.com', role: 'admin', userId: '', cookie: '' },
  };
  let ipCounter = 0;
  const nextIp = () => {
    ipCounter += 1;
    return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
  };

  beforeAll(async () => {
    // Rate limits on: the limiter is part of what a hostile input must get through (a 429 is a fine answer).
    h = await createAuthHarness({ config: { RATE_LIMIT_ENABLED: true } });
    for (const who of ['user', 'admin'] as const) {
      const created = await signedUpUser(h, accounts[who].email);
      accounts[who].userId = created.userId;
      accounts[who].cookie = created.cookie;
    }
    victimId = (await signedUpUser(h, 'fuzz-victim@example.com')).userId;
    // better-auth skips its origin and callback URL checks when it sees a test environment (NODE_ENV=test);
    // production runs them, and without them a hostile callbackURL reaches code that assumes it was checked.
    const context = (await h.auth.instance.$context) as { skipOriginCheck: boolean | string[] };
    context.skipOriginCheck = false;
  });
  afterAll(() => h?.close());

  async function send(c: Case, cookie: string | undefined): Promise<{ status: number; body: unknown }> {
    const headers = new Headers({ origin: BASE_URL, 'user-agent': 'fuzz/1.0' });
    if (cookie) headers.set('cookie', cookie);
    if (c.contentType) headers.set('content-type', c.contentType);
    const url = new URL(`${BASE_URL}/api/auth${c.path}`);
    if (c.query) url.search = c.query.toString();
    const request = new Request(url, { method: c.method, headers, body: c.method === 'GET' ? undefined : c.body });
    const response = await runWithRequestContext({ clientIp: nextIp() }, () => h.auth.handler(request));
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // HTML (better-auth's /error page) or empty: only error bodies must be JSON.
    }
    return { status: response.status, body };
  }

  /** What is wrong with an answer, or undefined. */
  function problemOf(status: number, body: unknown): string | undefined {
    if (status >= 500) return `status ${status} ${describeValue(body)}`;
    if (status < 400) return undefined;
    const error = (body as { error?: Record<string, unknown> } | null)?.error;
    if (!error || typeof error.code !== 'string' || !ERROR_CODE.test(error.code) || typeof error.message !== 'string')
      return `status ${status} without the stable error body: ${describeValue(body)}`;
    const extra = Object.keys(error).filter((key) => !['code', 'message', 'details', 'requestId'].includes(key));
    if (extra.length > 0) return `status ${status} error body with ${extra.join(', ')}`;
    if (error.requestId !== undefined && typeof error.requestId !== 'string') return 'requestId is not a string';
    return undefined;
  }

  it('finds no 5xx and no unstable error body, signed out and signed in', async () => {
    const { served, excluded } = endpointsOf(h.auth.api as unknown as Record<string, unknown>);
    // Server-only endpoints have no route: they are not reachable by a client, so not fuzzed here.
    for (const key of excluded) expect(['setPassword', 'generateTOTP', 'viewBackupCodes']).toContain(key);
    expect(served.length).toBeGreaterThan(40);

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let count = 0;
    let turn = 0;
    for (const endpoint of served) {
      const people: Who[] = endpoint.path.startsWith('/admin/') ? ['visitor', 'user', 'admin'] : ['visitor', 'user'];
      for (const method of endpoint.methods) {
        for (const who of people) {
          turn += 1;
          // The same random cases signed in or not would only repeat: fewer of them for the second and third pass.
          const random = who === 'visitor' ? 4 : 2;
          for (const c of casesFor(endpoint, method, turn, victimId, random)) {
            const cookie = who === 'visitor' ? undefined : await liveSession(h, accounts[who]);
            const { status, body } = await send(c, cookie);
            count += 1;
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            const problem = problemOf(status, body);
            if (problem) failures.push(`${method} ${c.path} as ${who}, ${c.label}: ${problem}`);
          }
        }
      }
    }
    const summary = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
    console.log(
      `auth fuzz (${process.env.SV_SDK_TEST_DB ?? 'pglite'}, seed ${FUZZ_SEED}): ${count} requests to ` +
        `${served.length} endpoints (${excluded.length} server-only not served: ${excluded.join(', ')}); ` +
        `statuses ${summary.join(' ')}; ${WRONG_TYPES.length} wrong types and ` +
        `${Object.values(NASTY_STRINGS).flat().length} hostile strings in the table`,
    );
    expect(failures).toEqual([]);
  }, 300_000);
});
