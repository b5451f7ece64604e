// One outage under load: accounts made first, then a bounded load (a few clients reading their session, loading
// pages and signing in), a writer (sign-ups and account deletions, whose side effects are jobs) and probes of
// /ready and /health run while an engine is killed (SIGKILL), left down, and restarted. Afterwards: what every
// answer counted as in each phase, latencies, time to ready and to a working sign-in, every job's side effect
// (welcome log line per created account, anonymisation per deleted one), and the server's output searched for secrets.
import { randomBytes } from 'node:crypto';
import { expect } from '@playwright/test';
import { HEALTH_TOKEN, demoAuthEnv } from '../demo-env.ts';
import type { DemoServer } from './demo-server.ts';
import type { PostgresCluster, RedisServer } from './engines.ts';
import {
  faultKind,
  parseJson,
  percentile,
  send,
  sessionCookieOf,
  sessionTokenOf,
  type Answer,
  type Kind,
} from './http.ts';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export interface Stack {
  app: DemoServer;
  db: PostgresCluster;
  redis: RedisServer | undefined;
}

export type Phase = 'before' | 'during' | 'recovery' | 'after';

export interface Sample {
  op: string;
  /** Start (epoch ms) and duration. */
  t: number;
  ms: number;
  status: number;
  kind: Kind;
  note?: string;
}

interface Probe {
  t: number;
  ms: number;
  status: number;
  report?: string;
}

interface Account {
  email: string;
  password: string;
  ip: string;
  id: string;
  cookie: string;
}

export interface OutageOptions {
  name: string;
  /** The job queue under test: `bullmq` (PostgreSQL + Redis) or `postgres` (PostgreSQL only). */
  engine: string;
  killed: 'redis' | 'postgres';
  stack: Stack;
  kill: () => Promise<void>;
  restart: () => Promise<void>;
  /** Whether a proper 503 (SERVICE_UNAVAILABLE, Retry-After) is an accepted answer while the engine is down. */
  unavailableAllowed: boolean;
  /** What /ready says while the engine is down, and how fast at most. */
  readyDuringOutage: { status: number; report: 'degraded' | 'down'; maxMs: number };
  /** Seconds after the engine answers again within which /ready must be `ok` (and sign-in must work). */
  readyWithinSeconds: number;
  signInWithinSeconds: number;
  /** No answer during the outage may take longer (fail fast). */
  slowMs: number;
  beforeMs?: number;
  outageMs?: number;
  afterMs?: number;
  /** How long the job side effects get after the load ends. */
  jobsWaitMs?: number;
}

export interface OutageFigures {
  scenario: string;
  engine: string;
  killed: string;
  outageSeconds: number;
  requests: {
    total: number;
    failed: number;
    unavailable503: number;
    failedByKind: Record<string, number>;
    byPhase: Record<Phase, { total: number; failed: number; unavailable503: number }>;
  };
  latencyMs: {
    p99Before: number | null;
    p99During: number | null;
    p99Recovery: number | null;
    p99After: number | null;
    maxDuring: number | null;
  };
  ready: {
    duringOutage: Record<string, number>;
    maxMsDuringOutage: number | null;
    secondsToNotice: number | null;
    secondsToReady: number | null;
    /** Each probe from the kill until ready: `+seconds since the kill status report ms`. */
    timeline: string[];
  };
  health: { probes: number; failed: number };
  secondsToSignIn: number | null;
  writes: Record<string, Record<string, number>>;
  jobs: {
    welcomeExpected: number;
    welcomeLost: number;
    welcomeDuplicated: number;
    anonymiseExpected: number;
    anonymiseLost: number;
    usersLost: number;
    secondsToSettle: number | null;
  };
  secretsInLogs: Record<string, number>;
  appExits: number;
  failedChecks: string[];
  failedExamples: string[];
}

const WELCOME = 'welcome: a new account';

/** A password that passes the policy, unique to each account (the log check looks for each). */
const newPassword = () => `Fault-${randomBytes(9).toString('base64url')}-harbour`;

export async function runOutage(options: OutageOptions): Promise<OutageFigures> {
  const { stack } = options;
  const base = stack.app.url;
  const run = randomBytes(3).toString('hex');
  const beforeMs = options.beforeMs ?? 4_000;
  const outageMs = options.outageMs ?? 12_000;
  const afterMs = options.afterMs ?? 6_000;
  const failedChecks: string[] = [];
  const check = (label: string, ok: boolean, detail = '') => {
    if (!ok) failedChecks.push(detail ? `${label}: ${detail}` : label);
    expect.soft(ok, `${label}${detail ? ` (${detail})` : ''}`).toBe(true);
  };

  // Everything the server must never print: filled as accounts and sessions come.
  const secrets: { category: string; value: string }[] = [
    { category: 'BETTER_AUTH_SECRET', value: demoAuthEnv(base).BETTER_AUTH_SECRET },
    { category: 'HEALTH_TOKEN', value: HEALTH_TOKEN },
    { category: 'database password', value: stack.db.password },
    ...(stack.redis ? [{ category: 'redis password', value: stack.redis.password }] : []),
  ];
  const noteCookie = (cookie: string) => {
    const token = sessionTokenOf(cookie);
    if (!token) return;
    secrets.push({ category: 'session token', value: token });
    const value = /session_token=([^;]+)/.exec(cookie)?.[1] ?? '';
    secrets.push({ category: 'cookie value', value }, { category: 'cookie value', value: decodeURIComponent(value) });
  };

  const samples: Sample[] = [];
  const record = (op: string, t: number, answer: Answer, kind: Kind, note?: string) => {
    samples.push({ op, t, ms: answer.ms, status: answer.status, kind, note: note ?? answer.error });
  };

  // ─── accounts ──────────────────────────────────────────────────────────────────────────────────────────────
  let ipCounter = 0;
  const nextIp = (group: number) => {
    ipCounter += 1;
    return `10.${group}.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
  };
  const createdIds = new Set<string>();
  const signUp = async (label: string, ip: string) => {
    const email = `fault.${run}.${label}@example.com`;
    const password = newPassword();
    secrets.push({ category: 'email', value: email }, { category: 'email', value: encodeURIComponent(email) });
    secrets.push({ category: 'password', value: password });
    const t = Date.now();
    const answer = await send(base, '/api/auth/sign-up/email', {
      method: 'POST',
      ip,
      json: { name: 'Fault Test', email, password },
    });
    const id = (parseJson(answer.body) as { user?: { id?: string } } | undefined)?.user?.id;
    return { email, password, ip, t, answer, id };
  };
  const signIn = async (account: { email: string; password: string; ip: string }) => {
    const answer = await send(base, '/api/auth/sign-in/email', {
      method: 'POST',
      ip: account.ip,
      json: { email: account.email, password: account.password },
    });
    const cookie = sessionCookieOf(answer);
    if (cookie) noteCookie(cookie);
    return { answer, cookie };
  };
  const makeAccount = async (label: string, group: number): Promise<Account> => {
    const made = await signUp(label, nextIp(group));
    if (made.answer.status !== 200 || !made.id)
      throw new Error(`sign-up of ${label} before the outage: ${made.answer.status} ${made.answer.body.slice(0, 200)}`);
    createdIds.add(made.id);
    const { answer, cookie } = await signIn(made);
    if (answer.status !== 200 || !cookie)
      throw new Error(`sign-in of ${label} before the outage: ${answer.status} ${answer.body.slice(0, 200)}`);
    return { email: made.email, password: made.password, ip: made.ip, id: made.id, cookie };
  };
  const clients: Account[] = [];
  const deletable: Account[] = [];
  for (let index = 0; index < 6; index++) clients.push(await makeAccount(`load${index}`, 11));
  for (let index = 0; index < 18; index++) deletable.push(await makeAccount(`delete${index}`, 12));
  const prober = await makeAccount('probe', 14);
  // Every client's session read once: it is in the cache when the engine goes.
  for (const client of clients) await send(base, '/api/auth/get-session', { ip: client.ip, cookie: client.cookie });

  // ─── the load ──────────────────────────────────────────────────────────────────────────────────────────────
  let running = true;
  const ops: { op: string; weight: number; run: (client: Account) => Promise<void> }[] = [
    {
      op: 'get-session',
      weight: 50,
      run: async (client) => {
        const t = Date.now();
        const answer = await send(base, '/api/auth/get-session', { ip: client.ip, cookie: client.cookie });
        const body = parseJson(answer.body) as { user?: { email?: string } } | null | undefined;
        if (answer.status === 200 && body?.user?.email === client.email) record('get-session', t, answer, 'ok');
        else if (answer.status === 200 && !body) record('get-session', t, answer, 'unauthenticated', 'null session');
        else if (answer.status === 200) record('get-session', t, answer, 'other', 'another user or no user');
        else record('get-session', t, answer, faultKind(answer));
      },
    },
    {
      op: 'home page',
      weight: 15,
      run: async (client) => {
        const t = Date.now();
        const answer = await send(base, '/', {
          ip: client.ip,
          cookie: client.cookie,
          headers: { accept: 'text/html' },
        });
        record('home page', t, answer, answer.status === 200 ? 'ok' : faultKind(answer));
      },
    },
    {
      op: 'login page',
      weight: 10,
      run: async (client) => {
        const t = Date.now();
        const answer = await send(base, '/login', { ip: client.ip, headers: { accept: 'text/html' } });
        record('login page', t, answer, answer.status === 200 ? 'ok' : faultKind(answer));
      },
    },
    {
      op: 'profile page',
      weight: 10,
      run: async (client) => {
        const t = Date.now();
        const answer = await send(base, '/profile', {
          ip: client.ip,
          cookie: client.cookie,
          headers: { accept: 'text/html' },
        });
        const toLogin =
          answer.status >= 300 && answer.status < 400 && /\/login/.test(answer.headers?.get('location') ?? '');
        if (answer.status === 200) record('profile page', t, answer, 'ok');
        else if (toLogin) record('profile page', t, answer, 'unauthenticated', 'redirected to /login');
        else record('profile page', t, answer, faultKind(answer));
      },
    },
    {
      op: 'sign-in',
      weight: 15,
      run: async (client) => {
        const t = Date.now();
        const { answer, cookie } = await signIn(client);
        record('sign-in', t, answer, answer.status === 200 && cookie ? 'ok' : faultKind(answer));
      },
    },
  ];
  const totalWeight = ops.reduce((sum, op) => sum + op.weight, 0);
  const pick = () => {
    let roll = Math.random() * totalWeight;
    for (const op of ops) {
      roll -= op.weight;
      if (roll < 0) return op;
    }
    return ops[0] as (typeof ops)[number];
  };
  const clientLoops = clients.map(async (client) => {
    while (running) {
      await pick().run(client);
      await sleep(50 + Math.random() * 100);
    }
  });

  // The writer: every 700 ms a sign-up or an account deletion (in turn), at most 4 in flight, from before the kill
  // until the load ends: slow answers during the outage do not stop writes from being tried all along it.
  const signUps: { id?: string; status: number; kind: Kind; t: number }[] = [];
  const deletions: { id: string; status: number; kind: Kind; t: number }[] = [];
  let signUpCount = 0;
  const writeSignUp = async () => {
    const made = await signUp(`writer${signUpCount++}`, nextIp(13));
    const kind: Kind = made.answer.status === 200 && made.id ? 'ok' : faultKind(made.answer);
    record('sign-up', made.t, made.answer, kind);
    signUps.push({ id: made.id, status: made.answer.status, kind, t: made.t });
    if (kind === 'ok' && made.id) createdIds.add(made.id);
  };
  const writeDeletion = async (account: Account) => {
    const t = Date.now();
    const answer = await send(base, '/api/auth/delete-user', {
      method: 'POST',
      ip: account.ip,
      cookie: account.cookie,
      json: { password: account.password },
    });
    const kind: Kind = answer.status >= 200 && answer.status < 300 ? 'ok' : faultKind(answer);
    record('delete-user', t, answer, kind);
    deletions.push({ id: account.id, status: answer.status, kind, t });
  };
  const inFlight = new Set<Promise<void>>();
  const writer = (async () => {
    let turn = 0;
    while (running) {
      if (inFlight.size < 4) {
        const account = turn % 2 === 1 ? deletable.shift() : undefined;
        const write = account ? writeDeletion(account) : writeSignUp();
        inFlight.add(write);
        void write.finally(() => inFlight.delete(write));
        turn += 1;
      }
      await sleep(700);
    }
    await Promise.all(inFlight);
  })();

  const readyProbes: Probe[] = [];
  const healthProbes: Probe[] = [];
  const probeLoop = (path: string, into: Probe[], everyMs: number, headers: Record<string, string>) =>
    (async () => {
      while (running) {
        const t = Date.now();
        const answer = await send(base, path, { ip: '10.99.0.1', headers, timeoutMs: 10_000 });
        const report = (parseJson(answer.body) as { status?: string } | undefined)?.status;
        into.push({ t, ms: answer.ms, status: answer.status, report });
        await sleep(everyMs);
      }
    })();
  const probes = [
    probeLoop('/ready', readyProbes, 200, { authorization: `Bearer ${HEALTH_TOKEN}` }),
    probeLoop('/health', healthProbes, 500, {}),
  ];

  // ─── the outage ────────────────────────────────────────────────────────────────────────────────────────────
  await sleep(beforeMs);
  const killAt = Date.now();
  await options.kill();
  const killedAt = Date.now();
  await sleep(outageMs);
  const restartAt = Date.now();
  await options.restart();
  const backAt = Date.now();

  // Sign-in works again when? (its own account, every 250 ms)
  let signInAt: number | undefined;
  const signInProbe = (async () => {
    while (running && signInAt === undefined) {
      const { answer } = await signIn(prober);
      if (answer.status === 200) signInAt = Date.now();
      else await sleep(250);
    }
  })();
  const readyDeadline = backAt + 60_000;
  let readyAt: number | undefined;
  while (readyAt === undefined && Date.now() < readyDeadline) {
    const ok = readyProbes.find((probe) => probe.t >= backAt && probe.status === 200 && probe.report === 'ok');
    if (ok) readyAt = ok.t + ok.ms;
    else await sleep(100);
  }
  await sleep(afterMs);
  running = false;
  await Promise.all([...clientLoops, writer, ...probes, signInProbe]);
  const endAt = Date.now();

  // ─── jobs: every created account welcomed once, every deleted one anonymised ───────────────────────────────
  const welcomeCounts = () => {
    const counts = new Map<string, number>();
    for (const line of stack.app.logLines())
      if (typeof line.msg === 'string' && line.msg.startsWith(WELCOME) && typeof line.userId === 'string')
        counts.set(line.userId, (counts.get(line.userId) ?? 0) + 1);
    return counts;
  };
  const deletedIds = deletions.filter((deletion) => deletion.kind === 'ok').map((deletion) => deletion.id);
  const expectedIds = [...createdIds];
  const rowsOf = async (ids: string[]) =>
    ids.length === 0
      ? []
      : stack.db.query<{ id: string; email: string; deleted_at: Date | null }>(
          (sql) => sql`select id, email, deleted_at from auth."user" where id = any(${ids})`,
        );
  const jobsDeadline = Date.now() + (options.jobsWaitMs ?? 30_000);
  const pendingJobs = async () => {
    const counts = welcomeCounts();
    const rows = await rowsOf(deletedIds).catch(() => []);
    const anonymised = new Set(
      rows.filter((row) => row.email === `deleted-${row.id}@anonymised.invalid`).map((row) => row.id),
    );
    return {
      welcome: expectedIds.filter((id) => !counts.has(id)),
      anonymise: deletedIds.filter((id) => !anonymised.has(id)),
    };
  };
  let pending = await pendingJobs();
  const done = () => pending.welcome.length === 0 && pending.anonymise.length === 0;
  while (!done() && Date.now() < jobsDeadline) {
    await sleep(500);
    pending = await pendingJobs();
  }
  const settledAt = done() ? Date.now() : undefined;
  const welcomeMissing = pending.welcome;
  const anonymiseMissing = pending.anonymise;
  // A late duplicate still counts.
  await sleep(2_000);
  const finalCounts = welcomeCounts();
  const duplicated = [...finalCounts.values()].filter((count) => count > 1).length;
  const userRows = await rowsOf(expectedIds);
  const usersLost = expectedIds.length - userRows.length;

  // ─── what each answer counts as ────────────────────────────────────────────────────────────────────────────
  // A request in flight when the kill came counts as during; one started while the engine was starting again as
  // recovery, like everything until /ready is ok.
  const phaseOf = (sample: { t: number; ms: number }): Phase => {
    if (sample.t + sample.ms < killAt) return 'before';
    if (sample.t < restartAt) return 'during';
    if (readyAt === undefined || sample.t < readyAt) return 'recovery';
    return 'after';
  };
  const inOutage = (phase: Phase) => phase === 'during' || phase === 'recovery';
  const failure = (sample: Sample): string | undefined => {
    const phase = phaseOf(sample);
    if (inOutage(phase) && sample.ms > options.slowMs) return `slow (${Math.round(sample.ms)} ms)`;
    if (sample.kind === 'ok') return undefined;
    if (sample.kind === 'unavailable' && options.unavailableAllowed && inOutage(phase)) return undefined;
    return sample.kind;
  };
  const phases: Phase[] = ['before', 'during', 'recovery', 'after'];
  const byPhase = Object.fromEntries(
    phases.map((phase) => {
      const inPhase = samples.filter((sample) => phaseOf(sample) === phase);
      return [
        phase,
        {
          total: inPhase.length,
          failed: inPhase.filter((sample) => failure(sample) !== undefined).length,
          unavailable503: inPhase.filter((sample) => sample.kind === 'unavailable').length,
        },
      ];
    }),
  ) as OutageFigures['requests']['byPhase'];
  const failedSamples = samples.filter((sample) => failure(sample) !== undefined);
  const failedByKind: Record<string, number> = {};
  for (const sample of failedSamples) {
    const reason = `${sample.op}: ${failure(sample)}${sample.status ? ` ${sample.status}` : ''}`;
    failedByKind[reason] = (failedByKind[reason] ?? 0) + 1;
  }
  const latencies = (phase: Phase) => samples.filter((sample) => phaseOf(sample) === phase).map((s) => s.ms);
  const during = latencies('during');

  const outageProbes = readyProbes.filter((probe) => probe.t >= killedAt && probe.t < restartAt);
  // What /ready says is judged on answers given wholly inside the outage, from 2 s after the kill (the latency on
  // every probe started in it).
  const settledProbes = outageProbes.filter((probe) => probe.t >= killedAt + 2_000 && probe.t + probe.ms < restartAt);
  const readyDuring: Record<string, number> = {};
  for (const probe of outageProbes) {
    const key = `${probe.status} ${probe.report ?? '-'}`;
    readyDuring[key] = (readyDuring[key] ?? 0) + 1;
  }
  const noticed = outageProbes.find(
    (probe) => probe.status === options.readyDuringOutage.status && probe.report === options.readyDuringOutage.report,
  );
  const writes: OutageFigures['writes'] = {};
  for (const sample of samples.filter((s) => s.op === 'sign-up' || s.op === 'delete-user')) {
    const key = `${sample.op} (${phaseOf(sample)})`;
    writes[key] ??= {};
    const bucket = writes[key] as Record<string, number>;
    bucket[sample.kind] = (bucket[sample.kind] ?? 0) + 1;
  }

  // ─── secrets in the server's output ────────────────────────────────────────────────────────────────────────
  const output = `${stack.app.stdout()}\n${stack.app.stderr()}`;
  const secretsInLogs: Record<string, number> = {};
  const secretLines: string[] = [];
  const seen = new Set<string>();
  for (const secret of secrets) {
    if (secret.value.length < 8 || seen.has(secret.value)) continue;
    seen.add(secret.value);
    const at = output.indexOf(secret.value);
    if (at === -1) continue;
    secretsInLogs[secret.category] = (secretsInLogs[secret.category] ?? 0) + 1;
    if (secretLines.length < 5) {
      const lineStart = output.lastIndexOf('\n', at) + 1;
      const line = output.slice(lineStart, output.indexOf('\n', at) === -1 ? undefined : output.indexOf('\n', at));
      secretLines.push(`${secret.category}: ${line.replaceAll(secret.value, '<SECRET>').slice(0, 300)}`);
    }
  }

  const seconds = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms / 100) / 10);
  const figures: OutageFigures = {
    scenario: options.name,
    engine: options.engine,
    killed: options.killed,
    outageSeconds: seconds(backAt - killAt) ?? 0,
    requests: {
      total: samples.length,
      failed: failedSamples.length,
      unavailable503: samples.filter((sample) => sample.kind === 'unavailable').length,
      failedByKind,
      byPhase,
    },
    latencyMs: {
      p99Before: percentile(latencies('before'), 99),
      p99During: percentile(during, 99),
      p99Recovery: percentile(latencies('recovery'), 99),
      p99After: percentile(latencies('after'), 99),
      maxDuring: percentile(during, 100),
    },
    ready: {
      duringOutage: readyDuring,
      maxMsDuringOutage: percentile(
        outageProbes.map((probe) => probe.ms),
        100,
      ),
      secondsToNotice: noticed ? seconds(noticed.t + noticed.ms - killedAt) : null,
      secondsToReady: readyAt === undefined ? null : seconds(readyAt - backAt),
      timeline: readyProbes
        .filter((probe) => probe.t >= killAt && probe.t <= (readyAt ?? backAt + 60_000))
        .map(
          (probe) =>
            `+${((probe.t - killAt) / 1000).toFixed(1)}s ${probe.status} ${probe.report ?? '-'} ${Math.round(probe.ms)} ms`,
        ),
    },
    health: { probes: healthProbes.length, failed: healthProbes.filter((probe) => probe.status !== 200).length },
    secondsToSignIn: signInAt === undefined ? null : seconds(signInAt - backAt),
    writes,
    jobs: {
      welcomeExpected: expectedIds.length,
      welcomeLost: welcomeMissing.length,
      welcomeDuplicated: duplicated,
      anonymiseExpected: deletedIds.length,
      anonymiseLost: anonymiseMissing.length,
      usersLost,
      secondsToSettle: settledAt === undefined ? null : seconds(settledAt - endAt),
    },
    secretsInLogs,
    appExits: stack.app.exits.length,
    failedChecks,
    failedExamples: failedSamples
      .slice(0, 12)
      .map(
        (sample) =>
          `${phaseOf(sample)} +${((sample.t - killAt) / 1000).toFixed(1)}s ${sample.op} → ${sample.status} ${sample.kind} ${Math.round(sample.ms)} ms${sample.note ? ` (${sample.note})` : ''}`,
      ),
  };

  // ─── the contract ──────────────────────────────────────────────────────────────────────────────────────────
  const expected = options.readyDuringOutage;
  check('the server never exited', stack.app.exits.length === 0, JSON.stringify(stack.app.exits));
  check('/health answered 200 throughout', figures.health.failed === 0, `${figures.health.failed} probes failed`);
  check(
    'no request failed',
    failedSamples.length === 0,
    `${failedSamples.length} of ${samples.length}: ${JSON.stringify(failedByKind)}`,
  );
  check(
    'a valid session is never refused (no 401, null session or redirect to /login)',
    samples.every((sample) => sample.kind !== 'unauthenticated'),
    `${samples.filter((sample) => sample.kind === 'unauthenticated').length} refusals`,
  );
  check(
    'every 503 carries Retry-After and SERVICE_UNAVAILABLE',
    samples.every((sample) => sample.kind !== 'bad-503'),
    `${samples.filter((sample) => sample.kind === 'bad-503').length} bare 503s`,
  );
  check(
    `no answer during the outage took over ${options.slowMs} ms`,
    samples.filter((s) => inOutage(phaseOf(s))).every((sample) => sample.ms <= options.slowMs),
    `max ${figures.latencyMs.maxDuring} ms`,
  );
  check(
    'a session in the cache is read during the outage (get-session 200)',
    samples.filter((s) => s.op === 'get-session' && phaseOf(s) === 'during').every((s) => s.kind === 'ok'),
    JSON.stringify(
      samples
        .filter((s) => s.op === 'get-session' && phaseOf(s) === 'during')
        .reduce<Record<string, number>>(
          (acc, s) => ({ ...acc, [`${s.status} ${s.kind}`]: (acc[`${s.status} ${s.kind}`] ?? 0) + 1 }),
          {},
        ),
    ),
  );
  check(
    `/ready answers ${expected.status} ${expected.report} during the outage`,
    settledProbes.length > 0 &&
      settledProbes.every((probe) => probe.status === expected.status && probe.report === expected.report),
    JSON.stringify(readyDuring),
  );
  if (expected.status === 200)
    check(
      '/ready never answers 503 during the outage',
      outageProbes.every((probe) => probe.status !== 503),
      JSON.stringify(readyDuring),
    );
  check(
    `/ready answers within ${expected.maxMs} ms during the outage`,
    outageProbes.every((probe) => probe.ms <= expected.maxMs),
    `max ${figures.ready.maxMsDuringOutage} ms`,
  );
  check(
    `/ready is ok within ${options.readyWithinSeconds} s of the ${options.killed} restart`,
    figures.ready.secondsToReady !== null && figures.ready.secondsToReady <= options.readyWithinSeconds,
    `${figures.ready.secondsToReady ?? 'never (60 s)'} s`,
  );
  check(
    `sign-in works within ${options.signInWithinSeconds} s of the ${options.killed} restart`,
    figures.secondsToSignIn !== null && figures.secondsToSignIn <= options.signInWithinSeconds,
    `${figures.secondsToSignIn ?? 'never'} s`,
  );
  check('no account answered 2xx is lost', usersLost === 0, `${usersLost} of ${expectedIds.length}`);
  check(
    'no welcome job lost (every created account logged once at least)',
    welcomeMissing.length === 0,
    `${welcomeMissing.length} of ${expectedIds.length} missing`,
  );
  check(
    'no anonymisation lost (every deletion answered 2xx anonymised)',
    anonymiseMissing.length === 0,
    `${anonymiseMissing.length} of ${deletedIds.length} missing`,
  );
  check('no secret in the server output', secretLines.length === 0, secretLines.join(' | '));
  return figures;
}
