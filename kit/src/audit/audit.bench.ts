// Benches of the audit log, each beside a baseline from the same run: `node bench/run.ts audit`.
// On the machine's PostgreSQL (a scratch database), PGlite figures informative:
// - ingest: `audit.log()` of realistic entries through the plugin's batched writer, then `flush()` (validation,
//   masking, the hash chain, the INSERTs), vs the same rows without hashing: one INSERT per event, plain 500-row
//   INSERTs, COPY, and INSERT … SELECT inside PostgreSQL — the table's own ceiling (its btrees, the generated
//   tsvector and its GIN index) — (target >= 50,000 events/s on PostgreSQL);
// - the caller's cost of `audit.log()` inside a request, one sample a call, vs `Array.push` and `JSON.stringify` of
//   the same input (targets <= 5 µs p50, <= 50 µs p99), and with a new client address every call (informative);
// - `verifyChain` over 100,000 entries vs reading the same pages without hashing (informative).
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { percentile, round, type BenchHarness, type BenchSuite, type TimingStats } from '../../bench/harness.ts';
import { runWithRequestContext } from '../core/request-context.ts';
import type { SDK } from '../core/sdk.ts';
import { dbPlugin } from '../db/plugin.ts';
import type { Database } from '../db/types.ts';
import { createTestDatabase, createTestSDK, type TestDatabaseKind } from '../testing/index.ts';
import { appendToChain, type PendingEntry } from './chain.ts';
import { createEntryPreparer } from './entry.ts';
import { createMasker } from './mask.ts';
import { auditPlugin } from './plugin.ts';
import type { AuditEntryInput, AuditService } from './types.ts';
import { verifyChain } from './verify.ts';

const AUDIT_KEY = 'audit-bench-key-audit-bench-key-0123456789';
const INGEST = { postgres: 200_000, pglite: 30_000 } as const;
const ONE_BY_ONE = 3_000;
const VERIFIED = 100_000;
const CALLS = 100_000;
const CONTEXT = {
  requestId: 'req-0f6c2a1e',
  userId: 'user_4kq9v2',
  clientIp: '203.0.113.42',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
};

/** An app's entry: an action, a target, ~300 bytes of metadata with a nested object, an array and a secret. */
function input(index: number): AuditEntryInput {
  return {
    action: index % 10 === 0 ? 'invoice.refunded' : 'invoice.paid',
    target: { type: 'invoice', id: `inv_${index}` },
    metadata: {
      amount: 1999 + (index % 500),
      currency: 'EUR',
      customer: { id: `cus_${index % 1000}`, plan: 'pro', country: 'DE' },
      items: [
        { sku: 'SKU-1001', quantity: 2, price: 500 },
        { sku: 'SKU-2002', quantity: 1, price: 999 + (index % 7) },
      ],
      card: { brand: 'visa', last4: '4242', token: `tok_${index}` },
      paidAt: '2026-01-01T12:00:00.000Z',
      note: 'Paid by card at checkout',
    },
  };
}

/** The row the plain baselines insert: the same columns, values as `log()` would store them, a constant hash. */
function plainRow(chain: string, seq: number, index: number) {
  const entry = input(index);
  return {
    chain,
    seq,
    occurred_at: new Date(),
    action: entry.action,
    outcome: 'success',
    actor_id: CONTEXT.userId,
    actor_ip: CONTEXT.clientIp,
    user_agent: CONTEXT.userAgent,
    request_id: CONTEXT.requestId,
    event_id: null,
    target_type: entry.target?.type ?? null,
    target_id: entry.target?.id ?? null,
    metadata: entry.metadata,
    prev_hash: 'x'.repeat(64),
    hash: 'x'.repeat(64),
  };
}
const COLUMNS = Object.keys(plainRow('', 0, 0)) as (keyof ReturnType<typeof plainRow>)[];

/**
 * Entries per second of `audit.log()` and a final `flush()`, from the first call. The producer gives the event loop
 * a turn every 100 calls, as request handlers do between requests (the writer's I/O runs meanwhile), and honours
 * the backpressure `log()` asks for.
 */
async function ingest(audit: AuditService, count: number, offset: number): Promise<number> {
  return runWithRequestContext(CONTEXT, async () => {
    const started = performance.now();
    for (let index = 0; index < count; index += 1) {
      const wait = audit.log(input(offset + index));
      if (wait) await wait;
      if (index % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    }
    await audit.flush();
    return (count / (performance.now() - started)) * 1000;
  });
}

/** Rows per second of plain multi-row INSERTs (postgres-js's VALUES list), no hashing, one statement at a time. */
async function plainInserts(client: postgres.Sql, chain: string, count: number, perInsert: number): Promise<number> {
  const started = performance.now();
  for (let start = 0; start < count; start += perInsert) {
    const rows = Array.from({ length: Math.min(perInsert, count - start) }, (_, i) =>
      plainRow(chain, start + i + 1, start + i),
    );
    await client`insert into audit.entries ${client(rows as never, ...COLUMNS)}`;
  }
  return (count / (performance.now() - started)) * 1000;
}

/** COPY's text format: tab-separated, `\N` for NULL, backslash escapes. */
const copyField = (value: unknown) =>
  value === null
    ? '\\N'
    : (value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value))
        .replaceAll('\\', '\\\\')
        .replaceAll('\t', '\\t')
        .replaceAll('\n', '\\n')
        .replaceAll('\r', '\\r');

/** Rows per second of COPY FROM STDIN of the same rows, 5,000 a statement: what the server takes at best. */
async function plainCopy(client: postgres.Sql, chain: string, count: number): Promise<number> {
  const started = performance.now();
  for (let start = 0; start < count; start += 5000) {
    let text = '';
    for (let i = start; i < Math.min(start + 5000, count); i += 1) {
      const row = plainRow(chain, i + 1, i);
      text += `${COLUMNS.map((column) => copyField(row[column])).join('\t')}\n`;
    }
    const stream = await client`copy audit.entries (${client.unsafe(COLUMNS.join(', '))}) from stdin`.writable();
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', resolve);
      stream.end(text);
    });
  }
  return (count / (performance.now() - started)) * 1000;
}

/** Rows per second of the same plain INSERTs through the Database (PGlite has no raw client here). */
async function plainInsertsDb(db: Database, chain: string, count: number, perInsert: number): Promise<number> {
  const started = performance.now();
  for (let start = 0; start < count; start += perInsert) {
    const rows = Array.from({ length: Math.min(perInsert, count - start) }, (_, i) =>
      plainRow(chain, start + i + 1, start + i),
    );
    await db.query(
      sql`insert into audit.entries (${sql.raw(COLUMNS.join(', '))}) values ${sql.join(
        rows.map(
          (row) =>
            sql`(${sql.join(
              COLUMNS.map((column) =>
                column === 'metadata'
                  ? sql`${JSON.stringify(row.metadata)}::jsonb`
                  : column === 'occurred_at'
                    ? sql`${row.occurred_at.toISOString()}`
                    : sql`${row[column]}`,
              ),
              sql`, `,
            )})`,
        ),
        sql`, `,
      )}`,
    );
  }
  return (count / (performance.now() - started)) * 1000;
}

function statsOf(values: readonly number[]): TimingStats {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return {
    p50Ns: percentile(values, 50),
    p99Ns: percentile(values, 99),
    meanNs: Math.round(mean),
    opsPerSecond: Math.round(1e9 / mean),
    samples: values.length,
  };
}

/**
 * The caller's cost of one call, one sample a call, in chunks of 1,000 calls that alternate between the tasks (so
 * the writer's work in the background, and GC, weigh on each alike), with a macrotask between chunks for I/O.
 */
async function callerCost<K extends string>(
  tasks: Record<K, { call: (entry: AuditEntryInput) => unknown; newAddresses?: boolean }>,
  calls: number,
): Promise<Record<K, TimingStats>> {
  const names = Object.keys(tasks) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  const chunk = 1000;
  const inputs = Array.from({ length: chunk }, (_, index) => input(index));
  return runWithRequestContext(CONTEXT, async () => {
    for (let round = 0; round < (calls / chunk) * 1.1; round += 1) {
      const warm = round < (calls / chunk) * 0.1;
      for (const name of round % 2 === 0 ? names : [...names].reverse()) {
        const task = tasks[name].call;
        // A client address never seen before on every call: the pseudonym's HMAC is computed each time.
        const chunkInputs = tasks[name].newAddresses
          ? inputs.map((entry, index) => ({ ...entry, ip: `10.${round}.${index >> 8}.${index & 255}` }))
          : inputs;
        let wait: unknown;
        for (const entry of chunkInputs) {
          const started = process.hrtime.bigint();
          const result = task(entry);
          const elapsed = Number(process.hrtime.bigint() - started);
          if (!warm) samples[name].push(elapsed);
          if (result instanceof Promise) wait = result;
        }
        // The backpressure `log()` asks for, outside the timed calls.
        if (wait) await wait;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return Object.fromEntries(names.map((name) => [name, statsOf(samples[name])])) as Record<K, TimingStats>;
  });
}

async function auditSdk(kind: TestDatabaseKind): Promise<{ sdk: SDK; url: string | undefined }> {
  const database = await createTestDatabase({ db: kind });
  const sdk = await createTestSDK({
    config: { AUDIT_KEY, JOBS_WORKER: false },
    plugins: [dbPlugin({ database }), auditPlugin({ events: false })],
  });
  return { sdk, url: database.url };
}

async function chainLength(db: Database, chain: string): Promise<number> {
  const [row] = await db.query<{ n: number; last: number | null }>(
    sql`select count(*) as n, max(seq) as last from audit.entries where chain = ${chain}`,
  );
  if (row?.n !== row?.last && row?.n !== 0) throw new Error(`chain ${chain}: ${row?.n} rows, last seq ${row?.last}`);
  return row?.n ?? 0;
}

function throughputFigure(
  bench: BenchHarness,
  input: { id: string; title: string; value: number; baseline: number; baselineName: string; target?: number },
): void {
  bench.record({
    id: input.id,
    title: input.title,
    value: Math.round(input.value),
    unit: 'events/s',
    baseline: { name: input.baselineName, value: Math.round(input.baseline) },
    ratio: round(input.value / input.baseline),
    target: input.target ? `>= ${input.target} events/s` : 'informative',
    pass: input.target ? input.value >= input.target : true,
  });
}

const best = (values: number[]) => Math.max(...values);

async function postgresSuite(bench: BenchHarness): Promise<void> {
  const { sdk, url } = await auditSdk('postgres');
  const client = postgres(url as string, { max: 1, onnotice: () => {} });
  try {
    const audit = sdk.service('audit');
    const count = INGEST.postgres;
    // Warm-up: connections, JIT of the hot paths.
    await ingest(audit, 5_000, 0);
    await plainInserts(client, 'warm-up', 5_000, 500);

    // ── (a) Ingest: two alternating rounds each, best kept (the machine is shared) ──────────────────────────────
    const ours: number[] = [];
    const plain: number[] = [];
    const single: number[] = [];
    const copied: number[] = [];
    for (let round = 0; round < 2; round += 1) {
      single.push(await plainInserts(client, `one-by-one-${round}`, ONE_BY_ONE, 1));
      plain.push(await plainInserts(client, `plain-${round}`, count, 500));
      copied.push(await plainCopy(client, `copy-${round}`, count));
      ours.push(await ingest(audit, count, count * round));
    }
    // The server's own ceiling: the same rows copied inside PostgreSQL, no client, no parsing.
    const inside: number[] = [];
    for (let round = 0; round < 2; round += 1) {
      const started = performance.now();
      await client.unsafe(
        `insert into audit.entries (${COLUMNS.join(', ')}) select 'inside-${round}', ${COLUMNS.slice(1).join(', ')}
          from audit.entries where chain = 'plain-0' order by seq`,
      );
      inside.push((count / (performance.now() - started)) * 1000);
    }
    const written = await chainLength(sdk.db, 'main');
    if (written !== 5_000 + 2 * count) throw new Error(`the main chain holds ${written} entries`);
    for (const [suffix, baselineName, baseline] of [
      ['one-by-one', 'one INSERT per event (postgres-js)', best(single)],
      ['plain-500', 'plain 500-row INSERTs, no hashing (postgres-js)', best(plain)],
      ['copy', 'COPY FROM STDIN, 5000 rows a statement, no hashing (postgres-js)', best(copied)],
      ['inside', 'INSERT … SELECT of the same rows inside PostgreSQL (no client)', best(inside)],
    ] as const)
      throughputFigure(bench, {
        id: `audit.ingest.postgres.vs-${suffix}`,
        title: `audit.log() of ${count} entries + flush on PostgreSQL (validated, masked, hash-chained, batchSize 500); rounds ${ours.map(Math.round).join(', ')}`,
        value: best(ours),
        baseline,
        baselineName,
        target: 50_000,
      });

    // ── (b) The caller's cost of audit.log() ─────────────────────────────────────────────────────────────────────
    const pushed: unknown[] = [];
    const cost = await callerCost(
      {
        log: { call: (entry) => audit.log(entry) },
        logNewAddress: { call: (entry) => audit.log(entry), newAddresses: true },
        push: {
          call: (entry) => {
            if (pushed.length >= 10_000) pushed.length = 0;
            return pushed.push(entry);
          },
        },
        stringify: { call: (entry) => JSON.stringify(entry) },
      },
      CALLS,
    );
    await audit.flush();
    for (const [which, key, limit] of [
      ['p50', 'p50Ns', 5_000],
      ['p99', 'p99Ns', 50_000],
    ] as const)
      for (const [suffix, baselineName, baseline] of [
        ['push', 'Array.push of the input', cost.push],
        ['stringify', 'JSON.stringify of the input', cost.stringify],
      ] as const)
        bench.record({
          id: `audit.log.caller-${which}.vs-${suffix}`,
          title: `audit.log() caller cost inside a request (${CALLS} calls, one sample each; mean ${round(cost.log.meanNs / 1000, 2)} µs, p50 ${round(cost.log.p50Ns / 1000, 2)} µs, p99 ${round(cost.log.p99Ns / 1000, 2)} µs)`,
          value: cost.log[key],
          unit: `ns ${which}`,
          baseline: { name: baselineName, value: baseline[key] },
          ratio: round(cost.log[key] / baseline[key]),
          target: `<= ${limit} ns ${which}`,
          pass: cost.log[key] <= limit,
        });
    bench.record({
      id: 'audit.log.caller-p50.new-address',
      title: `audit.log() caller cost when every call brings a new client address (the AUDIT_KEY HMAC each time; p99 ${round(cost.logNewAddress.p99Ns / 1000, 2)} µs)`,
      value: cost.logNewAddress.p50Ns,
      unit: 'ns p50',
      baseline: { name: 'JSON.stringify of the input', value: cost.stringify.p50Ns },
      ratio: round(cost.logNewAddress.p50Ns / cost.stringify.p50Ns),
      target: 'informative (the usual case, an address seen before, is the figure above)',
      pass: true,
    });

    // ── (c) verifyChain over 100k entries ────────────────────────────────────────────────────────────────────────
    await verifySuite(bench, sdk.db, 'postgres');
    const main = await verifyChain(sdk.db, 'main');
    if (!main.ok) throw new Error(`the ingested chain does not verify: ${JSON.stringify(main)}`);
  } finally {
    await client.end({ timeout: 5 });
    await sdk.close();
  }
}

/** Writes a chain of VERIFIED entries, then times verifyChain beside reading the same pages without hashing. */
async function verifySuite(bench: BenchHarness, db: Database, where: string): Promise<void> {
  const prepare = createEntryPreparer(createMasker(), AUDIT_KEY);
  const chain = 'verify';
  for (let start = 0; start < VERIFIED; start += 5_000) {
    const batch: PendingEntry[] = runWithRequestContext(CONTEXT, () =>
      Array.from({ length: 5_000 }, (_, i) => prepare.prepare(input(start + i))),
    );
    await appendToChain(db, chain, batch);
  }
  if ((await chainLength(db, chain)) !== VERIFIED) throw new Error('the verify chain is incomplete');
  const read = async () => {
    let after = 0;
    for (;;) {
      const rows = await db.query<{ seq: number }>(
        sql`select * from audit.entries where chain = ${chain} and seq > ${after} order by seq limit 1000`,
      );
      after = rows.at(-1)?.seq ?? after;
      if (rows.length < 1000) return;
    }
  };
  const verified: number[] = [];
  const readOnly: number[] = [];
  for (let round = 0; round < 2; round += 1) {
    let started = performance.now();
    await read();
    readOnly.push((VERIFIED / (performance.now() - started)) * 1000);
    started = performance.now();
    const report = await verifyChain(db, chain);
    verified.push((VERIFIED / (performance.now() - started)) * 1000);
    if (!report.ok || report.checked !== VERIFIED) throw new Error(`verify: ${JSON.stringify(report)}`);
  }
  throughputFigure(bench, {
    id: `audit.verify.${where}`,
    title: `verifyChain over ${VERIFIED} entries on ${where === 'postgres' ? 'PostgreSQL' : 'PGlite'} (pages of 1000)`,
    value: best(verified),
    baseline: best(readOnly),
    baselineName: 'reading the same pages (db.query, no hashing)',
  });
}

async function pgliteSuite(bench: BenchHarness): Promise<void> {
  const { sdk } = await auditSdk('pglite');
  try {
    const audit = sdk.service('audit');
    const count = INGEST.pglite;
    await ingest(audit, 2_000, 0);
    await plainInsertsDb(sdk.db, 'warm-up', 2_000, 500);
    const plain = await plainInsertsDb(sdk.db, 'plain', count, 500);
    const ours = await ingest(audit, count, 0);
    throughputFigure(bench, {
      id: 'audit.ingest.pglite',
      title: `audit.log() of ${count} entries + flush on PGlite (informative)`,
      value: ours,
      baseline: plain,
      baselineName: 'plain 500-row INSERTs, no hashing (db.query)',
    });
  } finally {
    await sdk.close();
  }
}

const suite: BenchSuite = async (bench) => {
  await postgresSuite(bench);
  await pgliteSuite(bench);
};

export default suite;
